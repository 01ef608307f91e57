#!/usr/bin/env python3
"""Tablet benchmark for Tilsyn (issue #4), against a release build on the demo municipality.

1. First usable list, cold: a fresh Chromium profile, signed in, opens /tablet/index.html with
   DevTools throttling (400 kbit/s both ways, 400 ms latency) and an empty cache; measured is the
   app's own mark "list-ready" (milliseconds from the start of navigation).
2. First usable list, warm and offline: the same device, network off, opens the app again.
3. Server p95 with TABLETS tablets at once: every tablet holds its live stream open and fetches its
   day (GET /api/v1/tablet/day) and one visit page (GET /my-day/<id>) every POLL seconds (default
   30, the app's own period when its live stream is down; --poll 5 is a stress test), for SECONDS;
   reported are the server's own times (Server-Timing) and the times seen by the client.
4. A leader's move to the update on the other screen: the leader moves a visit (the board's checked
   move); measured from the move's answer to the moment the affected tablet has heard the event
   and fetched its new day (what the app does).

Usage: tablet_bench.py TILSYN_BINARY [--tablets 200] [--seconds 60] [--poll 30] [--moves 10] [--runs 3]
Run it from the repository root (templates and the app are found relative to it).
"""
import argparse
import concurrent.futures
import datetime
import random
import re
import statistics
import sys
import threading
import time
import zoneinfo

import requests

sys.path.insert(0, "Benchmarks")
from auth_bench import PASSWORD, Server, percentile, server_ms  # noqa: E402


def session(base, username):
    client = requests.Session()
    response = client.post(base + "/api/v1/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    client.headers["X-CSRF-Token"] = response.json()["csrfToken"]
    client.headers["Accept-Language"] = "nb"
    return client


def plan_every_zone(server):
    leader = session(server.base, server.demo_username("Enhetsleder"))
    zones = leader.get(server.base + "/api/v1/zones").json()
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo")).date().isoformat()
    for zone in zones:
        form = {"zone": zone["id"], "shift": "day", "date": today}
        leader.post(server.base + "/planning", data=form, allow_redirects=False).raise_for_status()
    return leader, zones


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=820,1180"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def list_ready_ms(driver, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(
            "const m = performance.getEntriesByName('list-ready'); return m.length ? m[0].startTime : null")
        if value is not None:
            return value
        time.sleep(0.02)
    raise RuntimeError("the list never became usable")


def browser_starts(server, username, runs):
    cold, warm = [], []
    for _ in range(runs):
        driver = chromium()
        try:
            client = session(server.base, username)
            driver.get(server.base + "/healthz")
            driver.add_cookie({"name": "tilsyn_session", "value": client.cookies["tilsyn_session"], "path": "/"})
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                "offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8,
            })
            driver.get(server.base + "/tablet/index.html")
            cold.append(list_ready_ms(driver))
            # Let the service worker finish keeping the app, then go offline and open it again.
            deadline = time.time() + 60
            while not driver.execute_script("return !!navigator.serviceWorker.controller") and time.time() < deadline:
                time.sleep(0.1)
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
            driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1,
            })
            driver.get(server.base + "/tablet/index.html")
            warm.append(list_ready_ms(driver))
        finally:
            driver.quit()
    return cold, warm


class Tablet:
    """One signed-in tablet: its live stream in a thread, and its polling."""

    def __init__(self, base, client):
        self.base = base
        self.client = client
        self.events = []
        self.day = client.get(base + "/api/v1/tablet/day", headers={"Accept": "application/json"}).json()
        self.staff_id = self.day["staffID"]
        threading.Thread(target=self.listen, daemon=True).start()

    def listen(self):
        try:
            with self.client.get(self.base + "/api/v1/live", stream=True, timeout=None) as stream:
                for line in stream.iter_lines():
                    if line.startswith(b"data: staff"):
                        self.events.append(time.monotonic())
        except requests.RequestException:
            pass

    def poll_once(self, samples):
        started = time.monotonic()
        response = self.client.get(self.base + "/api/v1/tablet/day", headers={"Accept": "application/json"})
        samples["day"].append((server_ms(response), (time.monotonic() - started) * 1000))
        visits = response.json()["visits"]
        if visits:
            started = time.monotonic()
            page = self.client.get(self.base + "/my-day/" + random.choice(visits)["id"])
            samples["visit"].append((server_ms(page), (time.monotonic() - started) * 1000))


def load(tablets, seconds, poll):
    samples = {"day": [], "visit": []}
    stop = time.monotonic() + seconds

    def run(tablet):
        time.sleep(random.uniform(0, poll))
        while time.monotonic() < stop:
            began = time.monotonic()
            tablet.poll_once(samples)
            time.sleep(max(0, poll - (time.monotonic() - began)))

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(tablets)) as pool:
        list(pool.map(run, tablets))
    return samples


def moves(server, leader, zones, tablets, count):
    """Moves visits between tablets of one zone; time from the answer to the new day on the tablet."""
    by_staff = {t.staff_id: t for t in tablets}
    results = []
    for zone in zones:
        board = leader.get(server.base + f"/board?zone={zone['id']}&shift=day").text
        rows = re.findall(r'data-staff="([0-9A-F-]+)"', board)
        on_rows = {}
        for staff_id, chunk in re.findall(r'data-staff="([0-9A-F-]+)">(.*?)</div>', board, re.S):
            on_rows[staff_id] = re.findall(r'data-visit="([0-9A-F-]+)" draggable="true"', chunk)
        for owner, visits in on_rows.items():
            if owner not in by_staff:
                continue
            for visit_id in visits:
                for target in rows:
                    if target == owner or len(results) >= count:
                        continue
                    tablet = by_staff[owner]
                    heard = len(tablet.events)
                    answer = leader.post(server.base + "/board/move", headers={"Accept": "application/json"},
                                         data={"zone": zone["id"], "shift": "day", "visit": visit_id, "staff": target})
                    answered = time.monotonic()
                    if answer.status_code != 200:
                        continue
                    deadline = answered + 10
                    while len(tablet.events) == heard and time.monotonic() < deadline:
                        time.sleep(0.002)
                    if len(tablet.events) == heard:
                        results.append(float("inf"))
                        break
                    tablet.client.get(server.base + "/api/v1/tablet/day", headers={"Accept": "application/json"})
                    results.append((time.monotonic() - answered) * 1000)
                    break
                if len(results) >= count:
                    return results
    return results


def summary(values):
    return (f"p50 {percentile(values, 0.5):7.1f}  p95 {percentile(values, 0.95):7.1f}  "
            f"max {max(values):7.1f}  (n={len(values)})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--tablets", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--poll", type=float, default=30)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    server = Server(args.binary)
    try:
        print("Planning the day shift of every zone…", flush=True)
        leader, zones = plan_every_zone(server)
        staff = [f"a{n:04d}" for n in range(1, 110)]
        print(f"Signing in {args.tablets} tablets (bcrypt cost 12 each)…", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            clients = list(pool.map(lambda i: session(server.base, staff[i % len(staff)]), range(args.tablets)))
        tablets = [t for t in (Tablet(server.base, c) for c in clients) if "staffID" in t.day]
        with_visits = [t for t in tablets if t.day["visits"]]
        print(f"  {len(tablets)} tablets connected, {len(with_visits)} with visits today", flush=True)

        worker = next(t for t in with_visits)
        username = next(u for u, c in zip(staff * 3, clients) if c is worker.client)
        print(f"Cold start on a slow link and warm offline start ({args.runs} runs, as {username})…", flush=True)
        cold, warm = browser_starts(server, username, args.runs)

        print(f"{args.tablets} tablets polling every {args.poll:g} s for {args.seconds:g} s…", flush=True)
        samples = load(tablets, args.seconds, args.poll)

        print(f"Leader's moves ({args.moves})…", flush=True)
        move_times = moves(server, leader, zones, tablets, args.moves)
    finally:
        server.stop()

    print()
    print("First usable list, cold, 400 kbit/s + 400 ms (ms): " + ", ".join(f"{v:.0f}" for v in cold)
          + f"  → median {statistics.median(cold):.0f} (target < 3000)")
    print("First usable list, warm, offline (ms):            " + ", ".join(f"{v:.0f}" for v in warm)
          + f"  → median {statistics.median(warm):.0f} (target < 1000)")
    for name, label in (("day", "GET /api/v1/tablet/day"), ("visit", "GET /my-day/<visit>  ")):
        server_times = [s for s, _ in samples[name]]
        client_times = [c for _, c in samples[name]]
        print(f"{label} server ms: {summary(server_times)}   (target p95 < 50)")
        print(f"{label} client ms: {summary(client_times)}")
    finite = [m for m in move_times if m != float("inf")]
    if finite:
        print(f"Move → update on the tablet (ms): {summary(finite)}  (target < 1000)"
              + (f"; {len(move_times) - len(finite)} never heard" if len(finite) < len(move_times) else ""))
    else:
        print("Move → update: no move could be made")


if __name__ == "__main__":
    main()
