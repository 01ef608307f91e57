"""The zone-day benchmark: synthetic zone days (about 100 visits, 10 staff, two-person visits,
competences, breaks), each planned with a short and a long budget, then re-planned after a sick
call and after an alarm. Prints the objective at both budgets, the gap between them, and the
re-plan times and how many visits each re-plan moved.

    python3 zone_day.py --tilsyn .build/release/tilsyn --seeds 1,2,3 --short 1 --long 60
"""

import argparse
import concurrent.futures
import json
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tilsyn", default=".build/release/tilsyn")
    parser.add_argument("--seeds", default="1,2,3", help="example days to plan, by seed")
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--short", type=float, default=1, help="the short budget in seconds")
    parser.add_argument("--long", type=float, default=60, help="the long budget in seconds")
    parser.add_argument("--at", default="11:00", help="when the sick call and the alarm come")
    parser.add_argument("--parallel", type=int, default=1, help="runs at once")
    parser.add_argument("--short-runs", type=int, default=1,
                        help="short runs per day (planner seeds 1..N); with more than one, a table of means follows")
    parser.add_argument("--long-runs", type=int, default=1, help="long runs per day (planner seeds 1..N)")
    parser.add_argument("--threads", type=int, default=1, help="search threads per run (runs x threads <= cores)")
    return parser.parse_args()


def plan(options, day, seconds, *extra):
    return planned([options.tilsyn, "plan", "day", str(day), "--seconds", str(seconds), "--json", "--at", options.at,
                    "--threads", str(options.threads), *extra])


def planned(command):
    """Runs a `tilsyn plan day … --json` command: its answer, or an exit with tilsyn's message."""
    finished = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"{shlex.join(command)} failed: {finished.stderr.strip()}")
    return json.loads(lines[-1])


def soft(result):
    """The objective without the cost of left-out visits (compared only when both leave out as many)."""
    return result["objective"] - 100_000 * len(result["unassigned"])


def example_days(tilsyn, seeds, visits, staff):
    """Writes the synthetic zone day of each seed to a file of its own; their paths by seed."""
    folder = Path(tempfile.mkdtemp(prefix="tilsyn-zone-day-"))
    days = {}
    for seed in seeds:
        made = subprocess.run([tilsyn, "plan", "example-day", "--visits", str(visits), "--staff", str(staff),
                               "--seed", str(seed)], capture_output=True, text=True)
        if made.returncode != 0:
            sys.exit(f"{tilsyn} plan example-day failed: {made.stderr.strip()}")
        days[seed] = folder / f"day-{seed}.json"
        days[seed].write_text(made.stdout)
    return days


def main():
    options = arguments()
    seeds = [int(seed) for seed in options.seeds.split(",")]
    days = example_days(options.tilsyn, seeds, options.visits, options.staff)
    print(f"{len(seeds)} example days of {options.visits} visits and {options.staff} staff; "
          f"short {options.short:g} s, long {options.long:g} s, {options.threads} thread(s) per run; "
          f"sick call and alarm at {options.at}", flush=True)

    jobs = []
    for seed in seeds:
        jobs += [(seed, "short", options.short, ("--sick", "S3")), (seed, "long", options.long, ()),
                 (seed, "alarm", options.short, ("--alarm", "S5:45"))]
        # Further runs with other planner seeds: single runs vary by a percent or two.
        jobs += [(seed, ("short", run), options.short, ("--seed", str(run))) for run in range(2, options.short_runs + 1)]
        jobs += [(seed, ("long", run), options.long, ("--seed", str(run))) for run in range(2, options.long_runs + 1)]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.parallel)) as pool:
        futures = {pool.submit(plan, options, days[seed], seconds, *extra): (seed, kind)
                   for seed, kind, seconds, extra in jobs}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
            print(f"  day {futures[future][0]} {futures[future][1]} done", file=sys.stderr, flush=True)

    print(f"{'day':>4}{'short':>10}{'long':>10}{'gap %':>8}{'left out':>10}"
          f"{'sick ms':>9}{'moved':>7}{'alarm ms':>10}{'moved':>7}{'feasible':>10}")
    gaps, sick_times, alarm_times = [], [], []
    for seed in seeds:
        short, long, alarm = results[(seed, "short")], results[(seed, "long")], results[(seed, "alarm")]
        same = len(short["unassigned"]) == len(long["unassigned"])
        gap = 100 * (soft(short) - soft(long)) / soft(long) if same else float("nan")
        gaps.append(gap)
        sick, alarmed = short["replan"], alarm["replan"]
        sick_times.append(1000 * sick["seconds"])
        alarm_times.append(1000 * alarmed["seconds"])
        feasible = all([short["feasible"], long["feasible"], sick["feasible"], alarmed["feasible"]])
        print(f"{seed:>4}{soft(short):>10.1f}{soft(long):>10.1f}{gap:>8.2f}"
              f"{len(short['unassigned']):>5}/{len(long['unassigned']):<4}"
              f"{1000 * sick['seconds']:>9.0f}{sick['moved']:>7}{1000 * alarmed['seconds']:>10.0f}"
              f"{alarmed['moved']:>7}{'yes' if feasible else 'NO':>10}")
    print(f"mean gap of the short budget to the long one: {statistics.mean(gaps):.2f} %; "
          f"re-plan time: sick call max {max(sick_times):.0f} ms, alarm max {max(alarm_times):.0f} ms")
    if options.short_runs > 1 or options.long_runs > 1:
        repeated(options, seeds, results)


def repeated(options, seeds, results):
    """Per day: the mean of the short runs against the mean of the long runs, and the worst short run."""
    print(f"\nmeans over {options.short_runs} short and {options.long_runs} long runs per day "
          f"(soft objective; runs that leave out more visits than the best long run are counted apart)")
    print(f"{'day':>4}{'short mean':>12}{'long mean':>11}{'gap %':>8}{'± %':>7}{'worst %':>9}{'left out':>10}")
    gaps = []
    samples = []  # per day: (short runs, long runs), for the interval below
    for seed in seeds:
        shorts = [results[(seed, "short")]] + [results[(seed, ("short", run))]
                                               for run in range(2, options.short_runs + 1)]
        longs = [results[(seed, "long")]] + [results[(seed, ("long", run))] for run in range(2, options.long_runs + 1)]
        fewest = min(len(run["unassigned"]) for run in longs)
        short_soft = [soft(run) for run in shorts if len(run["unassigned"]) <= fewest]
        long_mean = statistics.mean(soft(run) for run in longs if len(run["unassigned"]) == fewest)
        left_out = sum(1 for run in shorts if len(run["unassigned"]) > fewest)
        if not short_soft:
            print(f"{seed:>4}{'–':>12}{long_mean:>11.1f}{'–':>8}{'–':>9}{left_out:>5}/{len(shorts):<4}")
            continue
        long_soft = [soft(run) for run in longs if len(run["unassigned"]) == fewest]
        gap = 100 * (statistics.mean(short_soft) - long_mean) / long_mean
        worst = 100 * (max(short_soft) - long_mean) / long_mean
        gaps.append(gap)
        samples.append((short_soft, long_soft))
        print(f"{seed:>4}{statistics.mean(short_soft):>12.1f}{long_mean:>11.1f}{gap:>8.2f}"
              f"{standard_error(short_soft, long_soft):>7.2f}{worst:>9.2f}{left_out:>5}/{len(shorts):<4}")
    if gaps:
        low, high = interval(samples)
        print(f"mean gap of the mean short run to the mean long run: {statistics.mean(gaps):.2f} % "
              f"(95 % interval over the runs {low:.2f}–{high:.2f} %)")


def standard_error(shorts, longs):
    """The gap's standard error in points, from the spread of the short and the long runs."""
    variance = 0.0
    for runs in (shorts, longs):
        if len(runs) > 1:
            variance += statistics.variance(runs) / len(runs)
    return 100 * variance ** 0.5 / statistics.mean(longs)


def interval(samples, rounds=2000):
    """A bootstrap interval of the mean gap: the runs of each day drawn again with replacement.
    Single runs vary by several percent, so two builds' gaps differ by chance as well; this says
    how much."""
    draw = random.Random(0)
    means = []
    for _ in range(rounds):
        day_gaps = []
        for shorts, longs in samples:
            short_mean = statistics.mean(draw.choices(shorts, k=len(shorts)))
            long_mean = statistics.mean(draw.choices(longs, k=len(longs)))
            day_gaps.append(100 * (short_mean - long_mean) / long_mean)
        means.append(statistics.mean(day_gaps))
    means.sort()
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


if __name__ == "__main__":
    main()
