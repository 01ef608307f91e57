"""The alarm receiving centre driven by a real SIP peer: SIPp plays devices through the whole SCAIP
exchange (MESSAGE → 200, then the centre's MESSAGE with <mrs> → check ref and snu → 200), and each
test then reads the database the server wrote."""
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.request

import pytest

from conftest import ARTIFACTS, ROOT, free_port, tilsyn_binary

SCENARIOS = ROOT / "Tests" / "EndToEnd" / "sipp"
PASSWORD = "demo-alarm"  # the demo devices' SIP password (DemoLoader.demoAlarmPassword)


class Centre:
    def __init__(self, folder, sip_port, process):
        self.folder = folder
        self.sip_port = sip_port
        self.process = process

    def rows(self, sql, *parameters):
        with sqlite3.connect(self.folder / "tilsyn.sqlite") as database:
            return database.execute(sql, parameters).fetchall()

    def event(self, controller, reference):
        rows = self.rows(
            "select category, state, repeats, unauthenticated, path, status_code from alarm_events "
            "where controller_id = ? and reference = ?", controller, reference)
        assert len(rows) <= 1, "(controller id, ref) is unique"
        return dict(zip(["category", "state", "repeats", "unauthenticated", "path", "status"], rows[0])) if rows else None

    def sipp(self, scenario, rows, transport="u1", expect_failed=0, rate=20, credentials=None):
        """Runs SIPp with one call per row; returns the answers it logged as (ref, snu, expected ref, expected snu).
        With `credentials` (user name, password) SIPp answers the centre's Digest challenges."""
        work = pathlib.Path(tempfile.mkdtemp(prefix="sipp-", dir=self.folder))
        (work / "calls.csv").write_text("SEQUENTIAL\n" + "".join(";".join(row) + "\n" for row in rows))
        command = [
            "sipp", f"127.0.0.1:{self.sip_port}", "-sf", str(SCENARIOS / scenario), "-inf", str(work / "calls.csv"),
            "-m", str(len(rows)), "-r", str(rate), "-t", transport, "-p", str(free_port()), "-nostdin", "-timeout", "40s",
            "-timeout_error", "-trace_screen", "-screen_file", str(work / "screen.txt"), "-trace_logs", "-log_file",
            str(work / "log.txt"), "-trace_err", "-error_file", str(work / "errors.txt"),
        ] + (["-au", credentials[0], "-ap", credentials[1]] if credentials else [])
        subprocess.run(command, cwd=work, capture_output=True, timeout=90)
        screen = (work / "screen.txt").read_text(errors="replace")
        succeeded = int(re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", screen).group(1))
        failed = int(re.search(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", screen).group(1))
        errors = (work / "errors.txt").read_text(errors="replace") if (work / "errors.txt").exists() else ""
        assert failed == expect_failed, f"{failed} SIPp calls failed:\n{errors[-3000:]}"
        assert succeeded == len(rows) - expect_failed, screen[-2000:]
        log = (work / "log.txt").read_text() if (work / "log.txt").exists() else ""
        return re.findall(r"answer <ref>(\w*)</ref> <snu>(\d+)</snu> expected ref (\w*) snu (\d+)", log)


def start_centre(*arguments):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="tilsyn-alarms-"))
    port, sip_port = free_port(), free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"e2e-alarm-server-{sip_port}.log", "w")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen(
        [tilsyn_binary(), "serve", "--demo", "--data-dir", str(folder), "--port", str(port), "--sip-port",
         str(sip_port), *arguments],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_until_up(port, process)
    return Centre(folder, sip_port, process), log


def wait_until_up(port, process, seconds=120):
    deadline = time.time() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                pytest.fail("the alarm centre did not start")
            time.sleep(0.3)


def stop_centre(centre, log):
    centre.process.terminate()
    try:
        centre.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        centre.process.kill()
    log.close()
    shutil.rmtree(centre.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def centre():
    """A centre that asks every device for SIP Digest, with the demo's devices registered."""
    centre, log = start_centre("--alarm-require-authentication")
    yield centre
    stop_centre(centre, log)


def device_calls(centre, rows, **options):
    """Rows of alarm_auth.xml, one SIPp run per run of rows from the same device (SIPp authenticates
    every call of a run as one user); the last column of each row is the device's password."""
    answers = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0] and rows[end][-1] == rows[start][-1]:
            end += 1
        group = rows[start:end]
        answers += centre.sipp("alarm_auth.xml", [row[:-1] for row in group],
                               credentials=(group[0][0], group[0][-1]), **options)
        start = end
    return answers


def check_answers(answers, count):
    assert len(answers) == count, answers
    for reference, snu, expected_reference, expected_snu in answers:
        assert reference == expected_reference and snu == expected_snu, answers


def test_alarm_voice_hold_heartbeat_and_battery_low_with_digest(centre):
    # controller; ref; dty; stc; crd; snu expected; mty; password
    rows = [
        ["47000001", "AL1", "0003", "0010", "no-voice:", "0", "", PASSWORD],  # alarm, no voice: handled
        ["47000002", "AL2", "0005", "", "sip:47000002@127.0.0.1", "4", "", PASSWORD],  # voice: hold for an operator
        ["47000003", "HB1", "0002", "0009", "no-voice:", "0", "PI", PASSWORD],  # heartbeat (carrying stc 9)
        ["47000004", "BL1", "0002", "0016", "no-voice:", "0", "", PASSWORD],  # battery low
    ]
    check_answers(device_calls(centre, rows), 4)
    assert centre.event("47000001", "AL1") == {
        "category": "emergency", "state": "queued", "repeats": 0, "unauthenticated": 0, "path": "sip-udp",
        "status": 10}
    assert centre.event("47000002", "AL2")["state"] == "queued"
    assert centre.event("47000003", "HB1") is None, "a heartbeat is no event"
    assert centre.rows("select last_heard_at from alarm_devices where controller_id = '47000003'")[0][0]
    assert centre.event("47000004", "BL1")["category"] == "technical"


def test_retransmission_and_reset_never_make_a_second_alarm(centre):
    rows = [
        ["47000005", "RT1", "0003", "0010", "no-voice:", "0", "", PASSWORD],
        ["47000005", "RT1", "0003", "0010", "no-voice:", "0", "", PASSWORD],  # the device sends it again
        ["47000005", "RT1", "0003", "", "no-voice:", "0", "RE", PASSWORD],  # then gives up (reset)
    ]
    check_answers(device_calls(centre, rows, rate=2), 3)
    assert centre.rows("select count(*) from alarm_events where reference = 'RT1'")[0][0] == 1
    event = centre.event("47000005", "RT1")
    assert event["repeats"] == 2 and event["state"] == "withdrawn", event


def test_the_same_alarm_on_both_paths_is_one_alarm(centre):
    row = ["47000006", "BP1", "0003", "0010", "no-voice:", "0", "", PASSWORD]
    check_answers(device_calls(centre, [row]), 1)
    check_answers(device_calls(centre, [row], transport="t1"), 1)
    assert centre.rows("select count(*) from alarm_events where reference = 'BP1'")[0][0] == 1
    assert centre.event("47000006", "BP1")["repeats"] == 1


def test_tcp(centre):
    check_answers(
        device_calls(centre, [["47000007", "TC1", "0005", "0009", "no-voice:", "0", "", PASSWORD]], transport="t1"), 1)
    assert centre.event("47000007", "TC1")["path"] == "sip-tcp"


def test_digest_registration_stores_the_contact(centre):
    centre.sipp("register.xml", [["47000008"]], credentials=("47000008", PASSWORD))
    contact, = centre.rows("select contact from alarm_devices where controller_id = '47000008'")[0]
    assert contact and contact.startswith("sip:47000008@127.0.0.1:"), contact


def test_a_wrong_password_is_refused_and_shown(centre):
    device_calls(centre, [["47000009", "WP1", "0003", "0010", "no-voice:", "0", "", "guess"]], expect_failed=1)
    assert centre.event("47000009", "WP1") is None
    refused = centre.event("47000009", "refused-WP1")
    assert refused and refused["category"] == "technical" and refused["unauthenticated"] == 1


def test_an_unknown_device_is_refused_but_the_operator_sees_it(centre):
    centre.sipp("refused.xml", [["99999999", "UK1"]])
    refused = centre.event("99999999", "refused-UK1")
    assert refused and refused["category"] == "technical" and refused["state"] == "queued"


def test_a_malformed_body_is_answered_with_its_snu_and_changes_nothing(centre):
    before = centre.rows("select count(*) from alarm_events")[0][0]
    check_answers(centre.sipp("malformed.xml", [["MF1"]]), 1)
    assert centre.rows("select count(*) from alarm_events")[0][0] == before


def test_the_demo_accepts_unregistered_devices_flagged(demo_server):
    folder_match = re.search(r"--data-dir", " ".join(demo_server.process.args))
    assert folder_match
    arguments = demo_server.process.args
    sip_port = int(arguments[arguments.index("--sip-port") + 1])
    folder = pathlib.Path(arguments[arguments.index("--data-dir") + 1])
    demo = Centre(folder, sip_port, demo_server.process)
    check_answers(demo.sipp("alarm.xml", [["12345678", "DM1", "0003", "0010", "no-voice:", "0", ""]]), 1)
    assert demo.event("12345678", "DM1")["unauthenticated"] == 1


def test_every_acknowledged_alarm_survives_a_crash_exactly_once():
    """SIPp sends a steady stream of alarms; the server is killed with SIGKILL and started again on
    the same folder and ports. Every alarm that heard 200 OK is in the database exactly once."""
    centre, log = start_centre()
    try:
        arguments = centre.process.args
        work = pathlib.Path(tempfile.mkdtemp(prefix="sipp-crash-", dir=centre.folder))
        sipp = subprocess.Popen(
            ["sipp", f"127.0.0.1:{centre.sip_port}", "-sf", str(SCENARIOS / "stream.xml"), "-m", "300", "-r", "30",
             "-p", str(free_port()), "-nostdin", "-timeout", "60s", "-recv_timeout", "20000", "-trace_logs",
             "-log_file", str(work / "log.txt")],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        centre.process.kill()  # SIGKILL: no shutdown, no flush
        centre.process.wait()
        time.sleep(1)
        http_port = arguments[arguments.index("--port") + 1]
        centre.process = subprocess.Popen(arguments, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(http_port, centre.process, seconds=60)
        sipp.wait(timeout=120)
        acked = set(re.findall(r"acked (S\d+)", (work / "log.txt").read_text()))
        assert len(acked) > 100, f"only {len(acked)} alarms acknowledged"
        counts = dict(centre.rows(
            "select reference, count(*) from alarm_events where controller_id = '47000001' group by reference"))
        missing = sorted(acked - counts.keys())
        assert not missing, f"acknowledged but lost: {missing}"
        assert all(count == 1 for count in counts.values())
    finally:
        stop_centre(centre, log)


def run_holding_device(centre, controller, reference):
    """Starts SIPp playing a voice-capable device that holds; returns the process and its log path."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="sipp-hold-", dir=centre.folder))
    (work / "calls.csv").write_text(f"SEQUENTIAL\n{controller};{reference}\n")
    process = subprocess.Popen(
        ["sipp", f"127.0.0.1:{centre.sip_port}", "-sf", str(SCENARIOS / "hold.xml"), "-inf", str(work / "calls.csv"),
         "-m", "1", "-p", str(free_port()), "-nostdin", "-timeout", "60s", "-trace_logs", "-log_file",
         str(work / "log.txt"), "-trace_screen", "-screen_file", str(work / "screen.txt")],
        cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, work


def finished_answers(process, work):
    process.wait(timeout=90)
    log = (work / "log.txt").read_text()
    return re.findall(r"first <snu>4</snu>", log), re.findall(r"then <snu>(\d+)</snu> <mre>(\d)</mre>", log)


def test_a_holding_device_hears_at_once_when_an_operator_takes_its_alarm(demo_server):
    arguments = demo_server.process.args
    demo = Centre(pathlib.Path(arguments[arguments.index("--data-dir") + 1]),
                  int(arguments[arguments.index("--sip-port") + 1]), demo_server.process)
    process, work = run_holding_device(demo, "47000011", "HO1")
    deadline = time.time() + 20
    while not demo.rows("select id from alarm_events where reference = 'HO1'"):
        assert time.time() < deadline, "the alarm never arrived"
        time.sleep(0.2)
    alarm_id, = demo.rows("select id from alarm_events where reference = 'HO1'")[0]
    operator = demo_server.api_session(demo_server.demo_username("Alarmoperatør"))
    queue = operator.get(demo_server.base_url + "/alarms")
    assert "Alarm" in queue.text and "HO1" not in queue.text  # the queue shows what, not the device's ref
    taken = operator.post(demo_server.base_url + f"/alarms/{alarm_id}/take", allow_redirects=False)
    assert taken.status_code == 303, taken.text
    held, then = finished_answers(process, work)
    assert held and then == [("0", "1")], (held, then)  # handled, with a duplex voice line
    assert demo.rows("select state from alarm_events where reference = 'HO1'")[0][0] == "taken"


def test_a_holding_device_nobody_takes_is_answered_without_voice():
    centre, log = start_centre("--alarm-hold-seconds", "2")
    try:
        process, work = run_holding_device(centre, "47000012", "HO2")
        held, then = finished_answers(process, work)
        assert held and then == [("0", "0")], (held, then)  # handled, no voice: staff go directly
        assert centre.event("47000012", "HO2")["state"] == "escalated"
    finally:
        stop_centre(centre, log)
