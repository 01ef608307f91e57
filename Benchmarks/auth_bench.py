#!/usr/bin/env python3
"""Sign-in and audit benchmark for Tilsyn (issue #3).

1. PIN unlock: SESSIONS device sessions exist at once (demo accounts, password sign-in, PIN set).
   Each round every device is locked, then unlocked with its PIN and the zone overview is loaded,
   from CONCURRENCY clients in parallel. Reported: the server's own time (Server-Timing header) for
   unlock + overview, p50 and p99 over all unlocks.
2. Audit overhead: two servers on the same demo data, one writing the audit log and one started
   with --unsafe-no-audit, read the same recipient pages in alternation; reported is the ratio of
   their median server times (one run, so machine noise hits both alike).

Usage: auth_bench.py TILSYN_BINARY [--sessions 200] [--rounds 5] [--concurrency 8] [--reads 400]
Run it from the repository root (templates are found relative to it).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import requests

PASSWORD = "tilsyn-demo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_ms(response):
    match = re.search(r"app;dur=([0-9.]+)", response.headers.get("Server-Timing", ""))
    if not match:
        raise RuntimeError(f"no Server-Timing header on {response.url}")
    return float(match.group(1))


class Server:
    def __init__(self, binary, extra=()):
        self.folder = tempfile.mkdtemp(prefix="tilsyn-bench-")
        self.port = free_port()
        self.log = open(os.path.join(self.folder, "server.log"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--demo", "--data-dir", self.folder, "--port", str(self.port), "--sip-port", "0", *extra],
            stdout=self.log, stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 180
        while True:
            try:
                requests.get(self.base + "/healthz", timeout=2)
                break
            except requests.ConnectionError:
                if self.process.poll() is not None or time.time() > deadline:
                    raise RuntimeError("server did not start; see " + self.log.name)
                time.sleep(0.3)

    def demo_username(self, role):
        """The demo's example sign-in for a role, as the server printed it at start."""
        self.log.flush()
        text = open(self.log.name, encoding="utf-8").read()
        return re.search(r"(a\d{4}) \(" + role, text).group(1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def sign_in(base, username, pin):
    session = requests.Session()
    response = session.post(base + "/api/v1/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    session.headers["X-CSRF-Token"] = response.json()["csrfToken"]
    session.post(base + "/api/v1/session/pin", json={"pin": pin}).raise_for_status()
    return session


def unlock_and_overview(base, session, pin):
    session.post(base + "/api/v1/session/lock").raise_for_status()
    unlock = session.post(base + "/api/v1/session/unlock", json={"pin": pin})
    unlock.raise_for_status()
    overview = session.get(base + "/")
    overview.raise_for_status()
    if "Soneoversikt" not in overview.text:
        raise RuntimeError("the overview did not render")
    return server_ms(unlock) + server_ms(overview)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_pin(binary, sessions, rounds, concurrency):
    server = Server(binary)
    try:
        staff = requests.Session()
        usernames = [f"a{n:04d}" for n in range(1, 110)]
        print(f"Signing in {sessions} device sessions (bcrypt cost 12 each)…", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            devices = list(pool.map(lambda i: sign_in(server.base, usernames[i % len(usernames)], f"{1000 + i}"),
                                    range(sessions)))
        timings = []
        started = time.time()
        for round_number in range(rounds):
            with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
                timings += list(pool.map(lambda i: unlock_and_overview(server.base, devices[i], f"{1000 + i}"),
                                         range(sessions)))
            print(f"  round {round_number + 1}/{rounds}: {len(timings)} unlocks", flush=True)
        elapsed = time.time() - started
        return {
            "unlocks": len(timings), "p50": percentile(timings, 0.5), "p99": percentile(timings, 0.99),
            "max": max(timings), "per_second": len(timings) / elapsed,
        }
    finally:
        server.stop()


def bench_audit(binary, reads):
    audited = Server(binary)
    unaudited = Server(binary, ["--unsafe-no-audit"])
    try:
        leader = audited.demo_username("Enhetsleder")  # the unit leader sees every recipient
        clients = {}
        for name, server in (("on", audited), ("off", unaudited)):
            session = requests.Session()
            response = session.post(server.base + "/api/v1/session", json={"username": leader, "password": PASSWORD})
            response.raise_for_status()
            clients[name] = (server, session)
        ids = [r["id"] for r in clients["on"][1].get(audited.base + "/api/v1/recipients").json()]
        assert ids == [r["id"] for r in clients["off"][1].get(unaudited.base + "/api/v1/recipients").json()]
        times = {"on": [], "off": []}
        for index in range(reads):
            order = ("on", "off") if index % 2 == 0 else ("off", "on")
            for name in order:
                server, session = clients[name]
                response = session.get(f"{server.base}/recipients/{ids[index % len(ids)]}")
                response.raise_for_status()
                times[name].append(server_ms(response))
        return {name: statistics.median(values) for name, values in times.items()}
    finally:
        audited.stop()
        unaudited.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--reads", type=int, default=400)
    args = parser.parse_args()
    pin = bench_pin(args.binary, args.sessions, args.rounds, args.concurrency)
    print(
        f"PIN unlock → zone overview, server time, {args.sessions} sessions, {args.concurrency} parallel clients: "
        f"p50 {pin['p50']:.1f} ms, p99 {pin['p99']:.1f} ms, max {pin['max']:.1f} ms "
        f"over {pin['unlocks']} unlocks ({pin['per_second']:.0f}/s); target p99 < 50 ms: "
        f"{'met' if pin['p99'] < 50 else 'NOT met'}")
    audit = bench_audit(args.binary, args.reads)
    ratio = audit["on"] / audit["off"]
    print(
        f"Recipient page read, median server time: audit on {audit['on']:.2f} ms, off {audit['off']:.2f} ms, "
        f"ratio {ratio:.3f} (overhead {100 * (ratio - 1):.1f} %); target < 10 %: "
        f"{'met' if ratio < 1.10 else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
