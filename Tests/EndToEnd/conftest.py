"""Fixtures for the end-to-end tests: the real `tilsyn` binary, a real server, a real Chromium."""
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"


def tilsyn_binary() -> str:
    binary = os.environ.get("TILSYN_BIN") or str(ROOT / ".build" / "debug" / "tilsyn")
    if not os.path.exists(binary):
        pytest.fail(f"tilsyn binary not found at {binary}; run `swift build` first")
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args, data_dir, check=True):
    """Runs `tilsyn ARGS --data-dir DATA_DIR` from the package root (where Resources/ lives)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [tilsyn_binary(), *args, "--data-dir", str(data_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    if check and result.returncode != 0:
        pytest.fail(f"tilsyn {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def data_dir():
    folder = tempfile.mkdtemp(prefix="tilsyn-e2e-")
    yield pathlib.Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


DEMO_PASSWORD = "tilsyn-demo"


class Server:
    def __init__(self, base_url, process, log_path, folder=None):
        self.base_url = base_url
        self.process = process
        self.log_path = log_path
        self.folder = folder

    def count(self, table, where="1 = 1"):
        """Rows in a table of the server's SQLite database (read beside the running server)."""
        import sqlite3

        with sqlite3.connect(os.path.join(self.folder, "tilsyn.sqlite"), timeout=10) as db:
            return db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]

    def demo_username(self, role_nb):
        """The demo's example sign-in for a role, as the server printed it at start ("Enhetsleder")."""
        import re

        text = open(self.log_path, encoding="utf-8").read()
        match = re.search(r"(a\d{4}) \(" + role_nb, text)
        assert match, f"no demo sign-in for {role_nb} in the server log"
        return match.group(1)

    def staff_with_visits_today(self):
        """Sign-ins of the staff today's stored plans give visits, most visits first. Who works
        today follows the roster's weekday rotation, so tests ask rather than name people."""
        from collections import Counter

        leader = self.api_session(self.demo_username("Avdelingsleder"))
        visits = leader.get(self.base_url + "/api/v1/visits")
        assert visits.status_code == 200, visits.text
        counts = Counter(staff for visit in visits.json() for staff in visit.get("assignedStaffIds") or [])
        numbers = {member["id"]: member["employeeNumber"] for member in leader.get(self.base_url + "/api/v1/staff").json()}
        return [numbers[staff].lower() for staff, _ in counts.most_common() if staff in numbers]

    def api_session(self, username, password=DEMO_PASSWORD):
        """A requests session signed in through the JSON API, sending the CSRF token on changes."""
        import requests

        session = requests.Session()
        response = session.post(self.base_url + "/api/v1/session", json={"username": username, "password": password})
        assert response.status_code == 201, response.text
        session.headers["X-CSRF-Token"] = response.json()["csrfToken"]
        return session


@pytest.fixture(scope="session")
def demo_server():
    """`tilsyn serve --demo` on a fresh SQLite folder, as the README's first command runs it."""
    yield from own_server("demo", with_sip=True)


def own_server(name, with_sip=False):
    """`tilsyn serve --demo` on a fresh SQLite folder, log in artifacts/e2e-NAME-server.log. Besides
    the shared demo server, test modules that lock accounts, refuse attempts or fuzz start their own,
    so what they leave behind never reaches other tests. A generator: yields the Server (with .port
    and .sip_port), stops it afterwards."""
    folder = tempfile.mkdtemp(prefix=f"tilsyn-{name}-")
    port, sip_port = free_port(), free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"e2e-{name}-server.log"
    log = open(log_path, "w")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen(
        [tilsyn_binary(), "serve", "--demo", "--data-dir", folder, "--port", str(port),
         "--sip-port", str(sip_port if with_sip else 0)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                pytest.fail(f"server did not start; see {log_path}")
            time.sleep(0.5)
    server = Server(base_url, process, log_path, folder)
    server.port, server.sip_port = port, sip_port
    yield server
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(folder, ignore_errors=True)


def make_chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.add_argument("--lang=nb-NO")
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture(scope="session")
def browser():
    driver = make_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def second_browser():
    """Another person's screen (the leader beside the care worker's tablet)."""
    driver = make_chromium()
    yield driver
    driver.quit()
