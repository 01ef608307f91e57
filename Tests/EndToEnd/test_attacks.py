"""Issue #28's security review, replayed against the real server over the network: each finding
comes back as a failing test if it ever returns. The module runs its own server (SQLite, demo, SIP),
so its locked accounts and refused attempts never touch the other end-to-end tests."""
import concurrent.futures
import http.client
import os
import re
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import pytest
import requests

from conftest import DEMO_PASSWORD, ROOT, own_server, tilsyn_binary

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003"
    "010100c9fe92ef0000000049454e44ae426082")


@pytest.fixture(scope="module")
def target():
    yield from own_server("attack", with_sip=True)


def raw(server, method, path, headers=None, body=None):
    """One request over a plain socket; returns (status, header lines as sent, body) so that a header
    the server should never have written cannot hide behind a client's parsing."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    lines = [f"{name}: {value}" for name, value in response.getheaders()]
    data = response.read()
    connection.close()
    return response.status, lines, data


def cookie_and_csrf(session):
    return f"tilsyn_session={session.cookies['tilsyn_session']}", session.headers["X-CSRF-Token"]


def home_zone(server, session):
    """The zone of the signed-in person."""
    me = session.get(server.base_url + "/api/v1/session").json()["username"]
    staff = session.get(server.base_url + "/api/v1/staff").json()
    return next(m.get("zoneId") for m in staff if m["employeeNumber"].lower() == me)


def new_account(server, leader, role="nurse", zone=None):
    """A staff member made through the API by `leader`, with a password the leader set and the person
    then changed (as the first sign-in demands). Returns (username, password, staff id)."""
    zone = zone or home_zone(server, leader)
    number = "X" + uuid.uuid4().hex[:6].upper()
    created = leader.post(server.base_url + "/api/v1/staff", json={
        "employeeNumber": number, "givenName": "Angrep", "familyName": "Test", "role": role, "zoneId": zone})
    assert created.status_code == 201, created.text
    staff_id = created.json()["id"]
    temporary = "midlertidig-passord"
    set_password = leader.post(
        server.base_url + f"/admin/users/{staff_id}/password", json={"password": temporary},
        allow_redirects=False)
    assert set_password.status_code == 303, set_password.text
    person = requests.Session()
    signed_in = person.post(server.base_url + "/api/v1/session", json={"username": number.lower(), "password": temporary})
    assert signed_in.status_code == 201 and signed_in.json()["mustChangePassword"] is True
    person.headers["X-CSRF-Token"] = signed_in.json()["csrfToken"]
    blocked = person.get(server.base_url + "/api/v1/recipients")
    assert blocked.status_code == 403 and blocked.json()["code"] == "passwordChangeRequired"
    own = "mitt-eget-passord-1"
    changed = person.post(server.base_url + "/api/v1/session/password", json={"current": temporary, "new": own})
    assert changed.status_code == 200, changed.text
    return number.lower(), own, staff_id


def denied_events(server):
    return server.count("audit_events", "action = 'denied'")


# 1. Header injection through redirect targets (and SIP).

def test_redirect_targets_never_split_a_header(target):
    session = target.api_session(target.demo_username("Avdelingsleder"))
    cookie, csrf = cookie_and_csrf(session)
    status, lines, _ = raw(
        target, "POST", "/pin",
        headers={"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded"},
        body="pin=1234&next=" + urllib.parse.quote("/x\r\nSet-Cookie: injected=1; Path=/", safe=""))
    assert status == 303
    assert "location: /" in [line.lower() for line in lines]
    assert not any("injected" in line for line in lines), lines

    assert session.post(target.base_url + "/api/v1/session/lock").status_code == 200
    status, lines, body = raw(
        target, "GET", "/unlock?next=/y%0d%0aX-Injected-Get:%20yes", headers={"Cookie": cookie})
    assert status == 200
    assert not any(line.lower().startswith("x-injected") for line in lines), lines
    assert b"X-Injected" not in body

    status, _, body = raw(target, "GET", "/login?next=/%09/evil.example/x")
    assert status == 200 and b"evil.example" not in body


def test_a_sip_display_name_is_never_taken_for_the_address(target):
    device = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    device.bind(("127.0.0.1", 0))
    device.settimeout(10)
    local = device.getsockname()[1]
    body = b"<mrq><ref>XSS1</ref><cid>12345678</cid><dty>0003</dty><stc>0010</stc><crd>no-voice:</crd></mrq>"
    message = (
        f"MESSAGE sip:centre@127.0.0.1:{target.sip_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKattack1\r\n"
        f"From: \"<script>alert(1)</script>\" <sip:12345678@127.0.0.1:{local}>;tag=a1\r\n"
        f"To: <sip:centre@127.0.0.1:{target.sip_port}>\r\n"
        "Call-ID: attack-xss-1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n"
        f"Content-Type: application/scaip+xml\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    device.sendto(message, ("127.0.0.1", target.sip_port))
    request_line = None
    deadline = time.time() + 15
    while time.time() < deadline and request_line is None:
        data, _ = device.recvfrom(65535)
        first = data.split(b"\r\n", 1)[0].decode(errors="replace")
        if first.startswith("MESSAGE "):
            request_line = first
    device.close()
    assert request_line == f"MESSAGE sip:12345678@127.0.0.1:{local} SIP/2.0", request_line


# 2. Who may grant what: the admin reaches no health data, nobody grants above their own role.

def test_the_admin_cannot_make_or_become_a_leader(target):
    admin = target.api_session(target.demo_username("Administrator"))
    zones = admin.get(target.base_url + "/api/v1/zones").json()
    made = admin.post(target.base_url + "/api/v1/staff", json={
        "employeeNumber": "ADMX1", "givenName": "Falsk", "familyName": "Leder", "role": "unitLeader",
        "zoneId": zones[0]["id"]})
    assert made.status_code == 403 and made.json()["code"] == "roleNotGrantable"
    unit_leader = target.demo_username("Enhetsleder")
    staff = {m["employeeNumber"].lower(): m["id"] for m in admin.get(target.base_url + "/api/v1/staff").json()}
    takeover = admin.post(
        target.base_url + f"/admin/users/{staff[unit_leader]}/password", json={"password": "overtatt-passord"},
        allow_redirects=False)
    assert takeover.status_code == 403
    assert requests.post(target.base_url + "/api/v1/session", json={
        "username": unit_leader, "password": "overtatt-passord"}).status_code == 401
    department = target.api_session(target.demo_username("Avdelingsleder"))
    escalate = department.post(target.base_url + "/api/v1/staff", json={
        "employeeNumber": "ADMX2", "givenName": "Falsk", "familyName": "Admin", "role": "admin"})
    assert escalate.status_code == 403
    leader = target.api_session(unit_leader)
    review = leader.get(target.base_url + "/access-review").text
    assert "Kontoer og roller" in review
    assert "role: admin" in review and "account of role unitLeader" in review, "the refusals are on the review"


# 3. The report board shows each reader only what they may see.

def test_the_report_board_keeps_reports_from_those_who_may_not_read_them(target):
    officer = target.api_session(target.demo_username("Saksbehandler"))
    zones = officer.get(target.base_url + "/api/v1/zones").json()
    for zone in zones:
        page = officer.get(target.base_url + f"/report?zone={zone['id']}")
        assert page.status_code == 403 or ("Rapport ber om oppfølging" not in page.text and "Åpen oppgave" not in page.text)


# 4. Throttling cannot be bypassed.

def test_forged_forwarded_for_and_concurrent_guesses_are_throttled(target):
    leader = target.api_session(target.demo_username("Avdelingsleder"))
    username, password, _ = new_account(target, leader)
    for index in range(6):
        requests.post(target.base_url + "/api/v1/session", json={"username": username, "password": "feil"},
                      headers={"X-Forwarded-For": f"198.51.100.{index}"})
    right = requests.post(target.base_url + "/api/v1/session", json={"username": username, "password": password},
                          headers={"X-Forwarded-For": "198.51.100.77"})
    assert right.status_code == 429, "a new forged address per guess does not escape the count"
    with sqlite3.connect(os.path.join(target.folder, "tilsyn.sqlite"), timeout=10) as db:
        addresses = {row[0] for row in db.execute("SELECT address FROM audit_events UNION SELECT address FROM sign_in_failures")}
    assert not any(a.startswith("198.51.100.") for a in addresses), "a forged address reached the logs"

    other, _, _ = new_account(target, leader)
    def guess(_):
        return requests.post(target.base_url + "/api/v1/session", json={"username": other, "password": "gjett"}).status_code
    with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(guess, range(30)))
    assert statuses.count(401) <= 5, statuses


def test_concurrent_wrong_pins_are_counted_before_they_are_checked(target):
    leader = target.api_session(target.demo_username("Avdelingsleder"))
    username, password, _ = new_account(target, leader)
    device = target.api_session(username, password)
    assert device.post(target.base_url + "/api/v1/session/pin", json={"pin": "4321"}).status_code == 200
    assert device.post(target.base_url + "/api/v1/session/lock").status_code == 200
    def guess(index):
        response = device.post(target.base_url + "/api/v1/session/unlock", json={"pin": f"{1000 + index:04d}"})
        return response.json().get("code", "")
    with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(guess, range(60)))
    assert codes.count("wrongPin") <= 4, codes
    assert device.get(target.base_url + "/api/v1/session").status_code == 401


# 5. Login CSRF.

def test_another_site_cannot_sign_a_browser_in(target):
    username = target.demo_username("Sykepleier")
    form = requests.post(target.base_url + "/api/v1/session",
                         data={"username": username, "password": DEMO_PASSWORD})
    assert form.status_code == 415 and "tilsyn_session" not in form.cookies
    forged = requests.post(target.base_url + "/api/v1/session", json={"username": username, "password": DEMO_PASSWORD},
                           headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 403 and "tilsyn_session" not in forged.cookies
    page = requests.post(target.base_url + "/login", data={"username": username, "password": DEMO_PASSWORD},
                         headers={"Origin": "https://evil.example"}, allow_redirects=False)
    assert page.status_code == 403


# 6. Every refusal leaves an audit event.

def test_refusals_are_logged(target):
    leader = target.api_session(target.demo_username("Avdelingsleder"))
    zones = leader.get(target.base_url + "/api/v1/zones").json()
    home = home_zone(target, leader)
    elsewhere = next(z["id"] for z in zones if z["id"] != home)
    unit = target.api_session(target.demo_username("Enhetsleder"))
    username, password, _ = new_account(target, unit, role="nurse", zone=elsewhere)
    outsider = target.api_session(username, password)
    for path in [f"/report?zone={home}", f"/tasks?zone={home}", f"/intakes/{uuid.uuid4()}"]:
        before = denied_events(target)
        response = outsider.get(target.base_url + path)
        if response.status_code == 403:
            assert denied_events(target) > before, f"{path} refused without an audit event"
        else:
            assert response.status_code == 404, (path, response.status_code)


# 7. The audit log cannot be rewritten unseen.

def test_the_audit_log_refuses_replace_and_verify_finds_an_edit(target, tmp_path):
    database = os.path.join(target.folder, "tilsyn.sqlite")
    with sqlite3.connect(database, timeout=10) as db:
        with pytest.raises(sqlite3.DatabaseError):
            db.execute("INSERT OR REPLACE INTO audit_events SELECT * FROM audit_events WHERE chain_index = 1")
    copy = tmp_path / "copy"
    copy.mkdir()
    with sqlite3.connect(database, timeout=10) as source, sqlite3.connect(copy / "tilsyn.sqlite") as destination:
        source.backup(destination)
    intact = subprocess.run([tilsyn_binary(), "audit", "verify", "--data-dir", str(copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert intact.returncode == 0, intact.stderr
    assert re.search(r"intact: \d+ events", intact.stdout)
    with sqlite3.connect(copy / "tilsyn.sqlite") as db:
        db.execute("DROP TRIGGER audit_events_no_update")
        db.execute("UPDATE audit_events SET actor_name = 'Noen Andre' WHERE chain_index = 3")
    broken = subprocess.run([tilsyn_binary(), "audit", "verify", "--data-dir", str(copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert "event 3" in broken.stderr and "changed" in broken.stderr


# 8. Security headers; a photo must be an image.

def test_pages_send_security_headers(target):
    response = requests.get(target.base_url + "/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline' ;" not in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_html_sent_as_a_photo_is_refused(target):
    leader = target.api_session(target.demo_username("Avdelingsleder"))
    username, password, staff_id = new_account(target, leader, role="careWorker")
    zone = home_zone(target, leader)
    leader.post(target.base_url + "/api/v1/visits/generate", json={"date": time.strftime("%Y-%m-%d")})
    # Put one of the zone's visits today on the new care worker's list (what a plan would do).
    with sqlite3.connect(os.path.join(target.folder, "tilsyn.sqlite"), timeout=10) as db:
        visit = db.execute(
            "SELECT v.id FROM visits v JOIN recipients r ON r.id = v.recipient_id "
            "WHERE v.date = date('now', 'localtime') AND v.staff_count = 1 AND upper(r.zone_id) = ? LIMIT 1",
            (zone.upper(),)).fetchone()
        if visit is None:
            pytest.skip("the zone has no visit today")
        db.execute("UPDATE visits SET assigned_staff_ids = ? WHERE id = ?", (f'["{staff_id.upper()}"]', visit[0]))
    session = target.api_session(username, password)
    day = session.get(target.base_url + "/api/v1/tablet/day").json()
    assert day["visits"], day
    import base64
    change = {"id": "attack-photo", "type": "report", "visitId": day["visits"][0]["id"], "at": "2026-01-05T08:00:00Z",
              "report": {"observation": "Se bilde", "photos": [
                  {"contentType": "image/png", "data": base64.b64encode(b"<html><script>alert(1)</script>").decode()}]}}
    answer = session.post(target.base_url + "/api/v1/tablet/changes", json={"changes": [change]})
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "rejected", answer.text
    assert target.count("visit_reports", "client_id = 'attack-photo'") == 0
    change["id"] = "attack-photo-real"
    change["report"]["photos"][0]["data"] = base64.b64encode(PNG).decode()
    accepted = session.post(target.base_url + "/api/v1/tablet/changes", json={"changes": [change]})
    assert accepted.json()["results"][0]["status"] == "applied", accepted.text


# 9. Bounded input and load.

def test_visits_are_not_generated_for_a_date_decades_away(target):
    leader = target.api_session(target.demo_username("Avdelingsleder"))
    before = target.count("visits")
    response = leader.post(target.base_url + "/api/v1/visits/generate", json={"date": "2000-01-01"})
    assert response.status_code == 422
    assert target.count("visits") == before


# 10. What strangers learn.

def test_healthz_tells_strangers_only_that_it_answers(target):
    assert requests.get(target.base_url + "/healthz").json() == {"status": "ok"}


def test_a_password_set_by_a_leader_is_changed_at_first_sign_in_in_the_browser(target, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from browsing import wait_for_heading, wait_for_url

    leader = target.api_session(target.demo_username("Avdelingsleder"))
    number = "B" + uuid.uuid4().hex[:6].upper()
    created = leader.post(target.base_url + "/api/v1/staff", json={
        "employeeNumber": number, "givenName": "Første", "familyName": "Gang", "role": "careWorker",
        "zoneId": home_zone(target, leader)})
    assert created.status_code == 201, created.text
    assert leader.post(target.base_url + f"/admin/users/{created.json()['id']}/password",
                       json={"password": "midlertidig-passord"}, allow_redirects=False).status_code == 303
    browser.delete_all_cookies()
    browser.get(target.base_url + "/login")
    browser.find_element(By.ID, "username").send_keys(number.lower())
    browser.find_element(By.ID, "password").send_keys("midlertidig-passord" + Keys.RETURN)
    wait_for_url(browser, "/password")
    wait_for_heading(browser, "Bytt passord")
    browser.find_element(By.ID, "current").send_keys("midlertidig-passord")
    browser.find_element(By.ID, "new").send_keys("mitt-nye-passord-1")
    browser.find_element(By.ID, "repeat").send_keys("mitt-nye-passord-1" + Keys.RETURN)
    wait_for_url(browser, "/pin")
    browser.find_element(By.LINK_TEXT, "Hopp over").click()
    wait_for_heading(browser, "Soneoversikt")
    assert requests.post(target.base_url + "/api/v1/session", json={
        "username": number.lower(), "password": "midlertidig-passord"}).status_code == 401
