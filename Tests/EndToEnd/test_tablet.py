"""The tablet app in a real headless Chromium: sign-in with PIN, check-off, a report with a photo,
working offline (DevTools network emulation) with a reload, and a leader's move reaching the
tablet without a reload."""
import itertools
import struct
import tempfile
import time
import uuid
import zlib

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browsing import click, on_fresh_screen, page_summary, present, sign_in, text_of, wait_for_heading, wait_for_url, wait_until
from conftest import ARTIFACTS

def photo_file():
    """A small PNG on disk, for the file input (the camera on a real tablet)."""
    width, height = 32, 24
    rows = b"".join(b"\x00" + bytes([200, 60, 60]) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    open(path, "wb").write(png)
    return path


def ensure_sentrum_planned(browser, server):
    sign_in(browser, server, server.demo_username("Avdelingsleder"))
    browser.get(server.base_url + "/planning")
    wait_for_heading(browser, "Planlegging av vakt")
    if "Planlegg på nytt" not in browser.page_source:
        click(browser, "plan-button")
        wait_until(browser, lambda b: "Planlegg på nytt" in b.page_source, "the shift planned", 30)


def wait_for_list(browser):
    wait_until(browser, lambda b: b.execute_script("return document.body.dataset.ready") == "list", "the day's list", 15)


def wait_waiting(browser, count, seconds=15):
    wait_until(browser, lambda b: b.execute_script("return document.body.dataset.waiting") == str(count),
               f"{count} changes waiting", seconds)


def planned_visits(browser):
    """Visits on the list not yet started, read in the page at once (the app may redraw meanwhile)."""
    return browser.execute_script(
        "return [...document.querySelectorAll('#work-list li.state-planned a.visit-link')]"
        ".map((a) => a.getAttribute('href').split('#visit/')[1])"
    )


def open_app_with_planned_visits(browser, server, at_least, pin=None):
    """Signs in staff of the planned shift until one has `at_least` visits not yet started; opens the app."""
    for username in server.staff_with_visits_today()[:8]:
        sign_in(browser, server, username, pin=pin)
        browser.get(server.base_url + "/tablet/index.html")
        wait_for_list(browser)
        if len(planned_visits(browser)) >= at_least:
            return username
    pytest.fail(f"nobody on the planned shift has {at_least} visits left today")


def open_visit(browser, visit_id):
    browser.get(browser.current_url.split("#")[0] + "#visit/" + visit_id)
    wait_until(browser, lambda b: b.execute_script("return document.body.dataset.ready") == "visit", f"visit {visit_id} open")


def set_offline(browser, offline):
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def test_pin_sign_in_check_off_and_a_report_with_a_photo_on_the_recipient_page(demo_server, browser):
    ensure_sentrum_planned(browser, demo_server)
    open_app_with_planned_visits(browser, demo_server, 1, pin="1357")
    # The device locks; the PIN opens it again and the app comes back.
    browser.get(demo_server.base_url + "/")
    browser.find_element(By.XPATH, "//button[text()='Lås']").click()
    wait_for_url(browser, "/unlock")
    browser.get(demo_server.base_url + "/tablet/index.html")
    wait_until(browser, lambda b: b.find_elements(By.ID, "sign-in-link"), "the app's offer to unlock")
    assert "låst" in browser.page_source
    click(browser, "sign-in-link")
    wait_for_url(browser, "/unlock")
    browser.find_element(By.ID, "pin").send_keys("1357" + Keys.RETURN)
    wait_for_url(browser, "/tablet/index.html")
    wait_for_list(browser)
    browser.save_screenshot(str(ARTIFACTS / "60-tablet-list.png"))

    visit_id = planned_visits(browser)[0]
    open_visit(browser, visit_id)
    click(browser, "start-visit")
    wait_until(browser, lambda b: "Påbegynt" in text_of(b, "#visit-status"), "the visit started")
    observation = f"Rødt sår på venstre legg ({uuid.uuid4().hex[:6]})"

    # Typing marks the form as being written: the app no longer redraws under it. The whole report
    # is written on one screen, again on the fresh one if the app redrew before the first key.
    def write_report(b):
        form = b.find_element(By.ID, "report-form")
        form.find_element(By.NAME, "observation").send_keys(observation)
        Select(form.find_element(By.NAME, "condition")).select_by_value("worse")
        form.find_element(By.ID, "report-photos").send_keys(photo_file())

    on_fresh_screen(browser, write_report, "writing the report")
    click(browser, "save-report")
    # Sent and back from the server: the visit's latest reports are the server's.
    wait_until(browser, lambda b: observation in text_of(b, "main"), "the report among the visit's latest", 20)
    wait_waiting(browser, 0)
    browser.save_screenshot(str(ARTIFACTS / "61-tablet-visit.png"))
    click(browser, "record-link")
    wait_until(browser, lambda b: "Rapporter fra besøk" in b.page_source, "the recipient's page with reports")
    assert observation in browser.page_source
    image = browser.find_element(By.CSS_SELECTOR, "img.report-photo")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)  # loaded lazily
    wait_until(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", image) > 0, "the photo shown")
    browser.save_screenshot(str(ARTIFACTS / "62-recipient-report.png"))

    browser.get(demo_server.base_url + "/tablet/index.html#visit/" + visit_id)
    wait_until(browser, lambda b: b.find_elements(By.ID, "done-visit"), "the visit open again")
    click(browser, "done-visit")
    wait_for_list(browser)
    wait_waiting(browser, 0)
    done_link = f"li.state-done a[href$='{visit_id}']"
    wait_until(browser, lambda b: present(b, done_link), "the visit done on the list")


def work_offline(browser, server, visits):
    """Two check-offs and a report with no network, then a reload: all kept on the device."""
    first, second, third = visits
    check_offs = server.count("visit_check_offs")
    open_visit(browser, first)
    click(browser, "done-visit")
    wait_for_list(browser)
    open_visit(browser, second)
    on_fresh_screen(browser, lambda b: Select(b.find_element(By.ID, "not-done-reason")).select_by_value("notHome"), "choosing a reason")
    click(browser, "not-done-visit")
    wait_for_list(browser)
    open_visit(browser, third)
    observation = f"Skrevet uten dekning i kjelleren ({uuid.uuid4().hex[:6]})"
    on_fresh_screen(browser, lambda b: b.find_element(By.NAME, "observation").send_keys(observation), "writing the report")
    click(browser, "save-report")
    wait_waiting(browser, 3)
    wait_until(browser, lambda b: text_of(b, "#connection") == "Frakoblet", "the app showing it is offline")

    # A reload with no network: the service worker brings the app, the device keeps the day.
    browser.get(browser.current_url.split("#")[0] + "#")
    wait_for_list(browser)
    browser.refresh()
    wait_for_list(browser)
    wait_waiting(browser, 3)
    assert browser.find_elements(By.CSS_SELECTOR, f"li.state-done a[href$='{first}']")
    assert browser.find_elements(By.CSS_SELECTOR, f"li.state-notDone a[href$='{second}']")
    browser.save_screenshot(str(ARTIFACTS / "63-tablet-offline.png"))
    assert server.count("visit_check_offs") == check_offs, "nothing reached the server while offline"
    return observation


def test_offline_changes_survive_a_reload_and_reach_the_server_once(demo_server, browser):
    ensure_sentrum_planned(browser, demo_server)
    open_app_with_planned_visits(browser, demo_server, 3)
    wait_until(browser, lambda b: b.execute_script("return !!navigator.serviceWorker.controller"), "the service worker in control", 15)
    check_offs = demo_server.count("visit_check_offs")
    reports = demo_server.count("visit_reports")
    visits = planned_visits(browser)[:3]

    set_offline(browser, True)
    try:
        observation = work_offline(browser, demo_server, visits)
    finally:
        set_offline(browser, False)
    wait_waiting(browser, 0, seconds=40)
    wait_until(browser, lambda b: text_of(b, "#connection") == "Tilkoblet", "the app showing it is online")
    # Sent once more by a second flush (the reload, the online event): still each change once.
    browser.refresh()
    wait_for_list(browser)
    time.sleep(1)
    assert demo_server.count("visit_check_offs") == check_offs + 2
    assert demo_server.count("visit_reports") == reports + 1
    open_visit(browser, visits[2])
    assert browser.page_source.count(observation) == 1


MOVE_BY_DROP = """
const [visit, staff, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const board = document.getElementById("board-live");
const body = new URLSearchParams({ zone: board.dataset.zone, shift: board.dataset.shift, visit, staff });
fetch("/board/move", { method: "POST", credentials: "same-origin", body,
  headers: { Accept: "application/json", "X-CSRF-Token": board.dataset.csrf } })
  .then((response) => response.text().then((text) => done([response.status, text])), () => done([0, ""]));
"""

# Each row of the board: whose it is and what it shows (read at once: the board reloads itself).
BOARD_ROWS = "return [...document.querySelectorAll('.board-row')].map((r) => [r.dataset.staff, r.innerText]);"

# Every movable visit on the board with the row it is on (the unassigned have no row).
BOARD_VISITS = """
return [...document.querySelectorAll('.board-row [data-visit][draggable=true]')]
  .map((b) => [b.dataset.visit, b.closest('.board-row').dataset.staff]);
"""


def interleaved(first, second):
    return [item for pair in itertools.zip_longest(first, second) for item in pair if item is not None]


def move_by_drop(leader, visit_id, person):
    """The board's move, as a drop does it; done again if the board reloaded itself meanwhile
    (a move the server refuses changes nothing, and one it made is refused the second time)."""
    for _ in range(3):
        try:
            return leader.execute_async_script(MOVE_BY_DROP, visit_id, person)
        except WebDriverException:
            wait_for_heading(leader, "Tavla")
    raise AssertionError(f"the board kept reloading while moving {visit_id}; the page: {page_summary(leader)}")


def visit_link_shown(browser, visit_id):
    return present(browser, f"a[href$='{visit_id}']")


def test_a_leaders_move_reaches_the_tablet_without_a_reload(demo_server, browser, second_browser):
    ensure_sentrum_planned(browser, demo_server)
    failure = try_a_move_to_and_from_the_tablet(demo_server, browser, second_browser)
    if failure is None:
        return
    # Every move was refused. Seen now and then since stop 23 (CHANGELOG): earlier tests re-plan the
    # day from the hour they run at, and the plan they leave may admit no hand move. Plan the shift
    # afresh once and try again; two refusals in a row fail the test with both answers.
    print(f"\nevery move refused on the first plan; planning the shift afresh: {failure[:2000]}")
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/planning")
    wait_for_heading(browser, "Planlegging av vakt")
    before = browser.find_element(By.ID, "plan-button")
    click(browser, "plan-button")
    wait_until(browser, lambda b: is_stale(before), "the shift planned afresh", 30)
    wait_for_heading(browser, "Planlegging av vakt", 30)
    again = try_a_move_to_and_from_the_tablet(demo_server, browser, second_browser)
    if again is not None:
        raise AssertionError(f"{again}\n(before planning afresh: {failure[:3000]})")


def is_stale(element):
    """Whether the page that held `element` has been replaced (a form was sent and answered)."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True


def try_a_move_to_and_from_the_tablet(demo_server, browser, second_browser):
    """Moves visits between the tablet's person and colleagues on the leader's board until the board
    accepts one, and checks that it reaches the tablet; returns None then, or why none was accepted."""
    open_app_with_planned_visits(browser, demo_server, 1)
    mine = planned_visits(browser)
    me = text_of(browser, "#who")
    leader = second_browser
    sign_in(leader, demo_server, demo_server.demo_username("Avdelingsleder"))
    # The day shift, whatever the hour the tests run at (the board otherwise follows the clock).
    leader.get(demo_server.base_url + "/board?shift=day")
    wait_for_heading(leader, "Tavla")
    leader.save_screenshot(str(ARTIFACTS / "64-board.png"))
    leader.set_script_timeout(60)
    rows = dict(leader.execute_script(BOARD_ROWS))
    my_id = next(staff for staff, text in rows.items() if text.startswith(me))
    others = [staff for staff in rows if staff != my_id]
    # What dropping a visit on another row does: the board's checked move. Some moves break the
    # plan's rules (competence, time windows, working time) and are refused: the next is tried. A
    # visit of mine moved to a colleague leaves my list; a colleague's visit moved to me joins it
    # (which of them the rules allow depends on how full the days are).
    away = [(visit_id, person, False) for visit_id in mine for person in others]
    towards = [
        (visit_id, my_id, True) for visit_id, staff in leader.execute_script(BOARD_VISITS) if staff != my_id
    ]
    refusals = []
    for visit_id, person, arrives in interleaved(away, towards):
        status, answer = move_by_drop(leader, visit_id, person)
        if status != 200:
            refusals.append(f"{status} {visit_id} → {person}: {answer[:400]}")
            continue
        started = time.monotonic()
        wait_until(browser, lambda b: visit_link_shown(b, visit_id) == arrives, f"the move {'to' if arrives else 'away from'} the tablet shown")
        elapsed = time.monotonic() - started
        print(f"\nmove-to-update on the other screen: {elapsed:.2f} s ({'to' if arrives else 'away from'} the tablet)")
        assert elapsed < 2, f"the tablet showed the move after {elapsed:.2f} s"
        browser.save_screenshot(str(ARTIFACTS / "65-tablet-after-move.png"))
        # The leader's own board follows too, and the paper lists print.
        row_of_visit = f"return document.querySelector(\"[data-visit='{visit_id}']\")?.closest('.board-row')?.dataset.staff"
        wait_until(leader, lambda b: person in (b.execute_script(row_of_visit) or ""), "the move on the leader's board")
        leader.get(demo_server.base_url + "/board/print?shift=day")
        wait_for_heading(leader, "Arbeidslister")
        leader.save_screenshot(str(ARTIFACTS / "66-paper-lists.png"))
        return None
    return (
        f"the board refused all {len(refusals)} moves to and from the tablet's person ({me}); "
        f"the first ten: {refusals[:10]}; the board: {rows}")
