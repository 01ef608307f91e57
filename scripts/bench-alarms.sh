#!/usr/bin/env bash
# The alarm receiver under SIPp load, with commit-before-answer: alarms per second and the time
# from request to 200 OK (p50, p99), on SQLite and on a throwaway PostgreSQL.
#   scripts/bench-alarms.sh [--rates 50,100,200,400] [--seconds 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v sipp >/dev/null || { echo "sipp is missing: apt-get install sip-tester" >&2; exit 1; }
swift build -c release --product tilsyn >&2
start_postgres >&2
trap stop_postgres EXIT
python3 Benchmarks/alarms/alarm_load.py --tilsyn "$(swift build -c release --show-bin-path)/tilsyn" \
  --database-url "$TILSYN_PG_URL" "$@"
