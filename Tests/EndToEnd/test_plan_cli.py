"""`tilsyn plan`: the planner from the command line, as a planner or a benchmark script uses it."""
import json
import subprocess

from conftest import ROOT, tilsyn_binary

TINY = """NAME : TINY
TYPE : CVRPTW
DIMENSION : 5
VEHICLES : 2
CAPACITY : 10
SERVICE_TIME : 1
EDGE_WEIGHT_TYPE : EXACT_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 -3 -4
5 -6 -8
DEMAND_SECTION
1 0
2 4
3 4
4 4
5 4
TIME_WINDOW_SECTION
1 0 100
2 0 10
3 0 20
4 0 10
5 0 20
DEPOT_SECTION
1
-1
EOF
"""


def plan(*args):
    return subprocess.run([tilsyn_binary(), "plan", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_vrptw_prints_a_checked_solution_as_json(tmp_path):
    instance = tmp_path / "tiny.vrptw"
    instance.write_text(TINY)
    result = plan("vrptw", str(instance), "--seconds", "0.3", "--seed", "2", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["instance"] == "TINY"
    assert answer["feasible"] is True
    assert answer["vehicles"] == 2
    assert abs(answer["distance"] - 40.0) < 1e-3  # two straight out-and-back routes of 20
    assert sorted(c for route in answer["routes"] for c in route) == [1, 2, 3, 4]


def test_vrptw_fleet_too_small_is_reported_and_exits_non_zero(tmp_path):
    instance = tmp_path / "tiny.vrptw"
    instance.write_text(TINY)
    result = plan("vrptw", str(instance), "--seconds", "0.3", "--max-vehicles", "1")
    assert result.returncode == 2
    assert "NOT feasible" in result.stdout
    assert "at most 1 allowed" in result.stdout


def test_vrptw_bad_file_names_the_line(tmp_path):
    instance = tmp_path / "bad.vrptw"
    instance.write_text(TINY.replace("2 3 4\n", "2 three 4\n"))
    result = plan("vrptw", str(instance))
    assert result.returncode == 65
    assert "line 10" in result.stderr


def test_example_day_is_planned_and_replanned_after_a_sick_call(tmp_path):
    day = tmp_path / "day.json"
    made = plan("example-day", "--visits", "40", "--staff", "5", "--seed", "3")
    assert made.returncode == 0, made.stderr
    day.write_text(made.stdout)
    result = plan("day", str(day), "--seconds", "0.5", "--sick", "S2", "--at", "10:30", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    answer = json.loads(result.stdout)
    assert answer["visits"] == 40 and answer["feasible"] is True
    assert answer["replan"]["feasible"] is True
    assert answer["replan"]["seconds"] < 1


def test_a_broken_problem_file_is_refused_with_its_reasons(tmp_path):
    day = tmp_path / "day.json"
    problem = json.loads(plan("example-day", "--visits", "5", "--staff", "2").stdout)
    problem["visits"][1]["windows"] = [{"start": 600, "end": 500}]
    day.write_text(json.dumps(problem))
    result = plan("day", str(day))
    assert result.returncode == 65
    assert "visit B2: a time window ends before it starts" in result.stderr
    day.write_text("{\"visits\": [], \"staff\": 3}")
    result = plan("day", str(day))
    assert result.returncode == 65
    assert ".staff has the wrong type" in result.stderr


def test_two_search_threads_share_the_iterations_and_repeat_exactly(tmp_path):
    day = tmp_path / "day.json"
    day.write_text(plan("example-day", "--visits", "40", "--staff", "5", "--seed", "4").stdout)
    runs = [plan("day", str(day), "--threads", "2", "--iterations", "2000", "--seconds", "60", "--json")
            for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr
    first, second = (json.loads(run.stdout) for run in runs)
    assert first["feasible"] is True and first["iterations"] == 2000
    assert first["objective"] == second["objective"]
    refused = plan("day", str(day), "--threads", "0")
    assert refused.returncode != 0 and "--threads must be 1 to 16" in refused.stderr


def test_the_planned_day_is_shown_per_staff_member(tmp_path):
    day = tmp_path / "day.json"
    problem = json.loads(plan("example-day", "--visits", "30", "--staff", "4", "--seed", "2").stdout)
    day.write_text(json.dumps(problem))
    answer = json.loads(plan("day", str(day), "--seconds", "0.3", "--json").stdout)
    # Every visit once, a two-person visit in two days at one start, none in a day twice.
    made = {}
    for staff_day in answer["plan"]["days"]:
        ids = [stop["visitID"] for stop in staff_day["stops"]]
        assert len(ids) == len(set(ids))
        for stop in staff_day["stops"]:
            made.setdefault(stop["visitID"], []).append((staff_day["staffID"], stop["start"]))
    for visit in problem["visits"]:
        if visit["id"] in answer["plan"]["unassignedVisitIDs"]:
            continue
        parts = made.pop(visit["id"])
        assert len(parts) == visit["staffCount"] and len({start for _, start in parts}) == 1
    assert made == {}
    text = plan("day", str(day), "--seconds", "0.3").stdout
    lines = {line.split(":")[0].strip(): line for line in text.splitlines() if line.startswith("  S")}
    assert sorted(lines) == sorted(staff["id"] for staff in problem["staff"])
    first = answer["plan"]["days"][0]
    if first["stops"]:
        assert first["stops"][0]["visitID"] in lines[first["staffID"]]
    assert all("break " in line for line in lines.values())


def compare_settings(*args):
    script = ROOT / "Benchmarks" / "planner" / "compare_settings.py"
    return subprocess.run(["python3", str(script), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_two_planner_settings_are_compared_on_paired_runs():
    small = ("--a", tilsyn_binary(), "--days", "1,2", "--visits", "30", "--staff", "4", "--seconds", "0.2",
             "--runs", "2", "--parallel", "2")
    compared = compare_settings(*small, "--b-args", "--temperatures 20,0.5")
    assert compared.returncode == 0, compared.stderr
    out = compared.stdout
    assert "B: " in out and "--temperatures 20,0.5" in out
    # A day's row: day, A mean, B mean, B-A %, steps/s of each, left out "A/B".
    rows = [line.split() for line in out.splitlines() if len(line.split()) == 7 and "/" in line.split()[6]]
    assert [row[0] for row in rows] == ["1", "2"]
    # Both means, their difference in percent of A's, and steps per second on each side.
    a_mean, b_mean, difference = float(rows[0][1]), float(rows[0][2]), float(rows[0][3])
    # From the printed means, rounded to tenths: as close as that rounding allows.
    assert abs(difference - 100 * (b_mean - a_mean) / a_mean) < 100 * 0.1 / a_mean + 0.005
    assert float(rows[0][4]) > 0 and float(rows[0][5]) > 0
    verdict = [line for line in out.splitlines() if line.startswith("mean difference B-A:")]
    assert len(verdict) == 1 and "95 % interval" in verdict[0]

    refused = compare_settings(*small, "--b-args", "--temperatures x")
    assert refused.returncode != 0 and "--temperatures takes two positive numbers" in refused.stderr
    missing = compare_settings("--a", "/nonexistent/tilsyn", "--runs", "2")
    assert missing.returncode != 0 and "no tilsyn binary at /nonexistent/tilsyn" in missing.stderr
