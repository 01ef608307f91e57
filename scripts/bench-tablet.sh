#!/usr/bin/env bash
# Benchmarks the tablet (issue #4) on a release build: first usable list cold on a slow mobile link
# and warm offline (headless Chromium), server p95 of the list and visit endpoints with 200 tablets
# connected and polling, and a leader's move to the update on the tablet.
# Options are passed to Benchmarks/tablet_bench.py (--tablets 200 --seconds 60 --poll 30 --moves 10 --runs 3; --poll 5 is a stress test).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import requests, selenium' 2>/dev/null || python3 -m pip install -q requests selenium
swift build -c release --product tilsyn
exec python3 Benchmarks/tablet_bench.py "$(swift build -c release --show-bin-path)/tilsyn" "$@"
