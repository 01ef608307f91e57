#!/usr/bin/env bash
# Builds Tilsyn and starts it on its embedded default (SQLite in ./data) with the synthetic demo
# municipality loaded on first start. Settings: TILSYN_PORT (8080), TILSYN_HOSTNAME (127.0.0.1),
# TILSYN_DATA_DIR (./data); any other `tilsyn serve` option can follow on the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building Tilsyn (the first build fetches and compiles the dependencies: several minutes)…"
swift build --product tilsyn
bin=$(swift build --show-bin-path)/tilsyn
host=${TILSYN_HOSTNAME:-127.0.0.1}
port=${TILSYN_PORT:-8080}
cat <<TXT

  Tilsyn starts at  http://$host:$port/
  Data:             ${TILSYN_DATA_DIR:-./data} (SQLite); the demo municipality is loaded on first start
  Sign in:          username = a staff member's employee number in lower case, password tilsyn-demo
                    a0001 department leader (Sentrum) · a0002 nurse (Sentrum) · a0003 care worker
                    the unit leader, alarm operators, allocation officer and admin follow the zone
                    staff; the server prints one username per role when it loads the demo.
                    Everyone in the demo is synthetic.
  Stop with Ctrl-C.

TXT
exec "$bin" serve --demo "$@"
