#!/usr/bin/env bash
# Benchmarks PIN unlock (p50/p99 with 200 device sessions) and the audit log's overhead on a
# recipient page read, on a release build. Options are passed to Benchmarks/auth_bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import requests' 2>/dev/null || python3 -m pip install -q requests
swift build -c release --product tilsyn
exec python3 Benchmarks/auth_bench.py "$(swift build -c release --show-bin-path)/tilsyn" "$@"
