#!/usr/bin/env bash
# Runs Tilsyn, PyVRP and OR-Tools side by side on the same instances, at the same budget, one
# thread each, and prints the table. PyVRP and OR-Tools are installed from PyPI into
# .build-bench-venv. Every solver's routes are checked and measured by one rule (exact Euclidean
# distances), in Benchmarks/vrptw/instance.py.
#   scripts/compare-vrptw.sh [DATA] [--convention hierarchical|distance] [--seconds 10] [--parallel 2]
#                            [--solvers tilsyn,pyvrp,ortools] [--set ...] [--instances ...]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyvrp ortools >&2
fi
swift build -c release --product tilsyn >&2
solvers=()
case " $* " in *" --solvers "*) ;; *) solvers=(--solvers tilsyn,pyvrp,ortools) ;; esac
exec python3 Benchmarks/vrptw/bench.py --tilsyn "$(swift build -c release --show-bin-path)/tilsyn" \
  --python "$venv/bin/python" "${solvers[@]}" "$@"
