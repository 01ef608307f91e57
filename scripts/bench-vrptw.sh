#!/usr/bin/env bash
# Runs Tilsyn's VRPTW solver over a benchmark set at one budget and prints, per instance and on
# average, the gap to the best-known distance and how many instances were solved within the fleet.
#   scripts/bench-vrptw.sh [DATA] [--set solomon100|homberger200] [--convention hierarchical|distance]
#                          [--fleet-slack PCT] [--seconds S] [--instances 'R1*,C101'] [--parallel N]
# DATA defaults to ../shared/data/vrptw. Other options: python3 Benchmarks/vrptw/bench.py --help.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tilsyn >&2
exec python3 Benchmarks/vrptw/bench.py --tilsyn "$(swift build -c release --show-bin-path)/tilsyn" "$@"
