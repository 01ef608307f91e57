"""Compares two planner builds, or two settings of one, on the same synthetic zone days at the
same budget: every (day, planner seed) is planned by both side by side, so both see the same
machine load. Prints per day the mean soft objective of each, the difference, the steps per
second, and overall the mean difference in percent with a 95 % bootstrap interval over the paired
runs. Single 1 s runs vary by several percent, so a change needs many runs to show: a difference
whose interval holds 0 is not one.

    python3 compare_settings.py --a /tmp/tilsyn-before --b .build/release/tilsyn --runs 32
    python3 compare_settings.py --b-args "--temperatures 20,0.5" --days 5 --runs 64
"""

import argparse
import concurrent.futures
import random
import shlex
import statistics
import sys
from pathlib import Path

from zone_day import example_days, planned, soft


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", default=".build/release/tilsyn", help="the tilsyn binary compared against")
    parser.add_argument("--b", help="the tilsyn binary compared (by default the same as --a)")
    parser.add_argument("--a-args", default="", help="extra options of 'tilsyn plan day' for A")
    parser.add_argument("--b-args", default="", help="extra options of 'tilsyn plan day' for B")
    parser.add_argument("--days", default="1,2,3,4,5,6", help="example days to plan, by seed")
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=1, help="the budget of every run")
    parser.add_argument("--runs", type=int, default=32, help="planner seeds per day")
    parser.add_argument("--first-seed", type=int, default=1, help="planner seeds first-seed … first-seed+runs-1")
    parser.add_argument("--parallel", type=int, default=2, help="runs at once (A and B of a seed go together)")
    options = parser.parse_args()
    options.b = options.b or options.a
    for name in ("a", "b"):
        if not Path(getattr(options, name)).is_file():
            parser.error(f"--{name}: no tilsyn binary at {getattr(options, name)}")
    if options.runs < 2:
        parser.error("--runs must be at least 2 (an interval needs a spread)")
    if options.seconds <= 0:
        parser.error("--seconds must be positive")
    return options


def plan(binary, extra, day, seconds, seed):
    return planned([binary, "plan", "day", str(day), "--seconds", str(seconds), "--seed", str(seed), "--json", *extra])


def main():
    options = arguments()
    days = [int(day) for day in options.days.split(",")]
    files = example_days(options.a, days, options.visits, options.staff)
    sides = {"A": (options.a, shlex.split(options.a_args)), "B": (options.b, shlex.split(options.b_args))}
    for side, (binary, extra) in sides.items():
        print(f"{side}: {binary} {shlex.join(extra)}".rstrip())
    seeds = range(options.first_seed, options.first_seed + options.runs)
    print(f"{len(days)} example days, {options.runs} runs of {options.seconds:g} s per day and side", flush=True)

    # A and B of one seed one after the other in the queue, so with two at once they run together.
    jobs = [(day, seed, side) for day in days for seed in seeds for side in sides]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.parallel)) as pool:
        futures = {pool.submit(plan, *sides[side], files[day], options.seconds, seed): (day, seed, side)
                   for day, seed, side in jobs}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            results[futures[future]] = future.result()
            if done % 20 == 0 or done == len(jobs):
                print(f"  {done}/{len(jobs)} runs", file=sys.stderr, flush=True)

    print(f"{'day':>4}{'A mean':>10}{'B mean':>10}{'B-A %':>8}{'A steps/s':>11}{'B steps/s':>11}{'left out A/B':>14}")
    paired = []  # per day: B's difference from A in percent of A's mean, per seed both place as many visits
    for day in days:
        runs = {side: [results[(day, seed, side)] for seed in seeds] for side in sides}
        left_out = {side: sum(1 for run in runs[side] if run["unassigned"]) for side in sides}
        pairs = [(soft(a), soft(b)) for a, b in zip(runs["A"], runs["B"]) if len(a["unassigned"]) == len(b["unassigned"])]
        rate = {side: statistics.mean(run["iterations"] / run["seconds"] for run in runs[side]) for side in sides}
        if not pairs:
            print(f"{day:>4}{'–':>10}{'–':>10}{'–':>8}{rate['A']:>11.0f}{rate['B']:>11.0f}"
                  f"{left_out['A']:>7}/{left_out['B']:<6}")
            continue
        a_mean = statistics.mean(a for a, _ in pairs)
        b_mean = statistics.mean(b for _, b in pairs)
        paired.append([100 * (b - a) / a_mean for a, b in pairs])
        print(f"{day:>4}{a_mean:>10.1f}{b_mean:>10.1f}{100 * (b_mean - a_mean) / a_mean:>8.2f}"
              f"{rate['A']:>11.0f}{rate['B']:>11.0f}{left_out['A']:>7}/{left_out['B']:<6}")
    if paired:
        low, high = interval(paired)
        mean = statistics.mean(statistics.mean(day) for day in paired)
        verdict = "B better" if high < 0 else "A better" if low > 0 else "no difference shown"
        print(f"mean difference B-A: {mean:.2f} % (95 % interval {low:.2f} to {high:.2f} %): {verdict}; "
              f"runs that leave a visit out count apart (left out above)")


def interval(paired, rounds=2000):
    """A bootstrap interval of the mean difference: each day's paired runs drawn again with replacement."""
    draw = random.Random(0)
    means = sorted(statistics.mean(statistics.mean(draw.choices(day, k=len(day))) for day in paired)
                   for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


if __name__ == "__main__":
    main()
