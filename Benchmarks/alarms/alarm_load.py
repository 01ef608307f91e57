"""The alarm receiver under load: SIPp plays one device sending alarms (each with its own ref) at a
rising rate; the centre must commit each alarm before its 200 OK. Prints, per rate, the alarms
answered per second, failures, and the time from request to 200 OK (p50, p99) — on SQLite, and on
PostgreSQL when a DATABASE_URL is given.

    python3 alarm_load.py --tilsyn .build/release/tilsyn --rates 50,100,200,400 --seconds 10 [--database-url postgres://…]
"""

import argparse
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "Tests" / "EndToEnd" / "sipp" / "stream.xml"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tilsyn, folder, database_url):
    port, sip = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    log = open(folder / "server.log", "w")
    process = subprocess.Popen([tilsyn, "serve", "--demo", "--data-dir", str(folder), "--port", str(port),
                                "--sip-port", str(sip)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process, sip
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                sys.exit(f"the server did not start; see {folder / 'server.log'}")
            time.sleep(0.5)


def run_rate(sip_port, rate, seconds, work):
    calls = rate * seconds
    for old in work.glob("*_rtt.csv"):
        old.unlink()
    started = time.time()
    subprocess.run(["sipp", f"127.0.0.1:{sip_port}", "-sf", str(SCENARIO), "-m", str(calls), "-r", str(rate),
                    "-p", str(free_port()), "-nostdin", "-timeout", f"{seconds + 60}s", "-trace_rtt", "-rtt_freq", "1",
                    "-trace_screen", "-screen_file", str(work / "screen.txt"), "-max_socket", "1000"],
                   cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.time() - started
    screen = (work / "screen.txt").read_text(errors="replace")
    import re
    succeeded = int(re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", screen).group(1))
    failed = int(re.search(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", screen).group(1))
    times = []
    for path in work.glob("*_rtt.csv"):
        for line in path.read_text().splitlines()[1:]:
            parts = line.split(";")
            if len(parts) >= 2:
                try:
                    times.append(float(parts[1]))
                except ValueError:
                    pass
    times.sort()
    def percentile(p):
        return times[min(len(times) - 1, int(p * len(times)))] if times else float("nan")
    return succeeded, failed, succeeded / elapsed, percentile(0.5), percentile(0.99)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tilsyn", default=".build/release/tilsyn")
    parser.add_argument("--rates", default="50,100,200,400")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default=None, help="PostgreSQL to test as well as SQLite")
    options = parser.parse_args()
    stores = [("SQLite", None)] + ([("PostgreSQL", options.database_url)] if options.database_url else [])
    print(f"{'store':<11}{'rate/s':>7}{'answered':>10}{'failed':>8}{'alarms/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for name, url in stores:
        folder = pathlib.Path(tempfile.mkdtemp(prefix="tilsyn-alarm-bench-"))
        process, sip = start(options.tilsyn, folder, url)
        try:
            for rate in [int(r) for r in options.rates.split(",")]:
                work = folder / f"rate-{rate}"
                work.mkdir()
                ok, failed, throughput, p50, p99 = run_rate(sip, rate, options.seconds, work)
                print(f"{name:<11}{rate:>7}{ok:>10}{failed:>8}{throughput:>10.1f}{p50:>9.1f}{p99:>9.1f}", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
