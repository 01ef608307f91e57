#!/usr/bin/env bash
# The zone-day benchmark: synthetic days of about 100 visits and 10 staff planned at a short and a
# long budget (default 1 s and 60 s), then re-planned after a sick call and after an alarm.
#   scripts/bench-planner.sh [--seeds 1,2,3] [--short 1] [--long 60] [--parallel 2] [--threads 1]
#                            [--short-runs 8] [--long-runs 2]   (means over several planner seeds)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tilsyn >&2
exec python3 Benchmarks/planner/zone_day.py --tilsyn "$(swift build -c release --show-bin-path)/tilsyn" "$@"
