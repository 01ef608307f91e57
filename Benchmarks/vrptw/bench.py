"""Runs VRPTW solvers over a benchmark set at one budget and prints, per instance and on average,
the gap to the best-known distance and how many instances each solver solved within the fleet.

Every solver's routes are checked and measured here, by one rule (instance.py), so a solution
counts only if it is feasible with exact Euclidean distances and at most the allowed routes.

    python3 bench.py [DATA] --set solomon100 --convention distance --seconds 10 --solvers tilsyn,pyvrp
"""

import argparse
import concurrent.futures
import csv
import fnmatch
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

from instance import check, read_best_known, read_instance, total_distance

HERE = Path(__file__).resolve().parent
RUNNERS = {"pyvrp": "run_pyvrp.py", "ortools": "run_ortools.py"}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default="../shared/data/vrptw", help="the vrptw benchmark folder")
    parser.add_argument("--set", default="solomon100", choices=["solomon100", "homberger200"])
    parser.add_argument("--convention", default="hierarchical", choices=["hierarchical", "distance"],
                        help="hierarchical: the minimum known fleet (best-known.csv); distance: the fleet "
                             "of the distance-optimal solutions (best-known-distance.csv, Solomon only)")
    parser.add_argument("--fleet-slack", type=float, default=0,
                        help="allow this many percent more routes than the convention's fleet")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--solvers", default="tilsyn", help="comma-separated: tilsyn, pyvrp, ortools")
    parser.add_argument("--instances", default="*", help="comma-separated name patterns, e.g. R1*,C101")
    parser.add_argument("--tilsyn", default=".build/release/tilsyn", help="the tilsyn executable")
    parser.add_argument("--tilsyn-args", default="", help="extra arguments for 'tilsyn plan vrptw'")
    parser.add_argument("--python", default=sys.executable, help="Python with pyvrp and ortools installed")
    parser.add_argument("--parallel", type=int, default=1, help="solver runs at once (each uses one thread)")
    parser.add_argument("--csv", help="also write every result to this CSV file")
    return parser.parse_args()


def run_solver(solver, path, fleet, options):
    """One solver on one instance in its own process; returns (routes, seconds) or (None, seconds)."""
    if solver == "tilsyn":
        command = [options.tilsyn, "plan", "vrptw", str(path), "--seconds", str(options.seconds),
                   "--seed", str(options.seed), "--max-vehicles", str(fleet), "--json", *options.tilsyn_args.split()]
    else:
        command = [options.python, str(HERE / RUNNERS[solver]), str(path), str(options.seconds),
                   str(options.seed), str(fleet)]
    started = time.monotonic()
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=options.seconds * 3 + 60)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - started, "timed out"
    elapsed = time.monotonic() - started
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return None, elapsed, (finished.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(lines[-1])["routes"], elapsed, ""


def main():
    options = arguments()
    data = Path(options.data)
    solvers = [name.strip() for name in options.solvers.split(",") if name.strip()]
    for solver in solvers:
        if solver not in ("tilsyn", *RUNNERS):
            sys.exit(f"unknown solver '{solver}' (choose from tilsyn, pyvrp, ortools)")
    table = "best-known-distance.csv" if options.convention == "distance" else "best-known.csv"
    if not (data / table).exists():
        sys.exit(f"{data / table} not found: give the vrptw benchmark folder as the first argument")
    best_known = read_best_known(data / table)
    patterns = options.instances.split(",")
    paths = sorted(path for path in (data / options.set).glob("*.vrptw")
                   if any(fnmatch.fnmatch(path.stem, pattern) for pattern in patterns) and path.stem in best_known)
    if not paths:
        sys.exit(f"no instances of {options.set} match '{options.instances}' in {data}")

    jobs = []
    for path in paths:
        fleet_limit, best = best_known[path.stem]
        fleet = math.ceil(fleet_limit * (1 + options.fleet_slack / 100) - 1e-9)
        jobs += [(path, fleet, best, solver) for solver in solvers]
    print(f"{len(paths)} instances of {options.set}, {options.convention} convention"
          f"{f' + {options.fleet_slack:g} % fleet' if options.fleet_slack else ''}, {options.seconds:g} s each, "
          f"seed {options.seed}, solvers: {', '.join(solvers)}", flush=True)

    results = {}

    def measure(job):
        path, fleet, best, solver = job
        instance = read_instance(path)
        routes, elapsed, failure = run_solver(solver, path, fleet, options)
        if routes is None:
            return job, {"feasible": False, "routes": 0, "distance": None, "gap": None, "seconds": elapsed,
                         "problem": failure}
        problems = check(instance, routes, fleet)
        distance = total_distance(instance, routes)
        return job, {"feasible": not problems, "routes": len(routes), "distance": distance,
                     "gap": 100 * (distance - best) / best, "seconds": elapsed,
                     "problem": problems[0] if problems else ""}

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.parallel)) as pool:
        for (path, fleet, best, solver), outcome in pool.map(measure, jobs):
            results[(path.stem, solver)] = outcome
            state = f"{outcome['gap']:+.2f} %" if outcome["feasible"] else f"not solved ({outcome['problem']})"
            print(f"  {path.stem:8} {solver:8} {outcome['routes']:3} routes  {state}", file=sys.stderr, flush=True)

    print_table(paths, best_known, solvers, results, options)
    if options.csv:
        with open(options.csv, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["instance", "solver", "feasible", "routes", "distance", "gap_percent", "seconds"])
            for path in paths:
                for solver in solvers:
                    r = results[(path.stem, solver)]
                    writer.writerow([path.stem, solver, r["feasible"], r["routes"],
                                     "" if r["distance"] is None else f"{r['distance']:.3f}",
                                     "" if r["gap"] is None else f"{r['gap']:.3f}", f"{r['seconds']:.2f}"])


def print_table(paths, best_known, solvers, results, options):
    header = f"{'instance':9}{'fleet':>6}{'best':>11}" + "".join(f"{solver + ' routes':>15}{'gap %':>8}"
                                                             for solver in solvers)
    print(header)
    for path in paths:
        fleet, best = best_known[path.stem]
        cells = ""
        for solver in solvers:
            r = results[(path.stem, solver)]
            gap = f"{r['gap']:.2f}" if r["feasible"] else "—"
            cells += f"{r['routes']:>15}{gap:>8}"
        print(f"{path.stem:9}{fleet:>6}{best:>11.3f}{cells}")
    print()
    common = [path.stem for path in paths if all(results[(path.stem, s)]["feasible"] for s in solvers)]
    print(f"{'solver':10}{'solved':>8}{'mean gap % (own solved)':>26}{'mean gap % (solved by all, ' + str(len(common)) + ')':>34}")
    for solver in solvers:
        solved = [results[(path.stem, solver)]["gap"] for path in paths if results[(path.stem, solver)]["feasible"]]
        own = f"{statistics.mean(solved):.3f}" if solved else "—"
        shared = f"{statistics.mean(results[(name, solver)]['gap'] for name in common):.3f}" if common else "—"
        print(f"{solver:10}{len(solved):>5}/{len(paths):<2}{own:>26}{shared:>34}")


if __name__ == "__main__":
    main()
