"""What a person does in the web shell, in a real headless Chromium against `tilsyn serve --demo`."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browsing import leaving_page, sign_in, text_of, wait_for_heading, wait_for_url, wait_until
from conftest import ARTIFACTS


@pytest.fixture
def leader(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Enhetsleder"))
    return browser


def test_password_then_pin_reload_lock_and_unlock(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"), pin="2468")
    assert text_of(browser, "h1") == "Soneoversikt"
    browser.refresh()
    assert text_of(browser, "h1") == "Soneoversikt", "a reload keeps the session"
    browser.find_element(By.XPATH, "//button[text()='Lås']").click()
    wait_for_url(browser, "/unlock")
    browser.find_element(By.ID, "pin").send_keys("1111" + Keys.RETURN)
    # The form posts and the unlock page comes back with the message: wait for the new page.
    wait_until(browser, lambda b: "Feil PIN-kode. 4 forsøk igjen" in text_of(b, ".error-message"), "the wrong PIN refused")
    browser.find_element(By.ID, "pin").send_keys("2468" + Keys.RETURN)
    wait_for_heading(browser, "Soneoversikt")
    browser.save_screenshot(str(ARTIFACTS / "00-unlocked-overview.png"))


def test_zone_overview_search_and_recipient_page(demo_server, leader):
    browser = leader
    browser.get(demo_server.base_url + "/")
    assert text_of(browser, "h1") == "Soneoversikt"
    zones = browser.find_elements(By.CSS_SELECTOR, ".zone-card h2")
    assert [z.text for z in zones] == sorted(z.text for z in zones)
    assert {"Sentrum", "Tromsøya nord", "Tromsøya sør", "Tromsdalen", "Kroken og Tomasjord", "Kvaløya"} == {
        z.text for z in zones
    }
    browser.save_screenshot(str(ARTIFACTS / "01-zone-overview.png"))

    # A recipient to look for, by family name, through the search form as a person would.
    api = demo_server.api_session(demo_server.demo_username("Enhetsleder"))
    target = api.get(demo_server.base_url + "/api/v1/recipients").json()[0]
    browser.find_element(By.LINK_TEXT, "Tjenestemottakere").click()
    wait_for_heading(browser, "Tjenestemottakere")
    search = browser.find_element(By.ID, "q")
    search.send_keys(f"{target['familyName']} {target['givenName']}")
    search.send_keys(Keys.RETURN)
    wait_for_url(browser, "q=")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert rows, "the search found nobody"
    assert all(target["familyName"] in row.text for row in rows)
    browser.save_screenshot(str(ARTIFACTS / "02-recipient-search.png"))

    browser.find_element(By.CSS_SELECTOR, f"a[href='/recipients/{target['id']}']").click()
    wait_for_heading(browser, f"{target['givenName']} {target['familyName']}")
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    for heading in ("Nøkkelopplysninger", "Kontakter", "Vedtak", "Tiltaksplan", "Besøk i dag"):
        assert heading in headings
    assert target["nationalId"] in browser.page_source
    # The history of a measure opens from the keyboard-reachable <details>.
    browser.find_element(By.CSS_SELECTOR, ".measure details summary").click()
    assert browser.find_element(By.CSS_SELECTOR, ".measure details table").is_displayed()
    browser.save_screenshot(str(ARTIFACTS / "03-recipient-page.png"))


def test_ipad_mini_layout_and_keyboard(demo_server, leader):
    browser = leader
    browser.set_window_size(768, 1024)
    try:
        browser.get(demo_server.base_url + "/recipients")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 768, f"the page scrolls sideways on an iPad Mini ({width}px)"
        # The first Tab reaches the skip link, and every form field has a label.
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert browser.switch_to.active_element.get_attribute("class") == "skip-link"
        for field in browser.find_elements(By.CSS_SELECTOR, "main input:not([type=hidden]), main select"):
            field_id = field.get_attribute("id")
            assert browser.find_elements(By.CSS_SELECTOR, f"label[for='{field_id}']"), field_id
        browser.save_screenshot(str(ARTIFACTS / "04-ipad-mini-recipients.png"))
    finally:
        browser.set_window_size(1280, 1000)


def test_english_is_one_click_away(demo_server, leader):
    browser = leader
    browser.get(demo_server.base_url + "/staff")
    browser.find_element(By.LINK_TEXT, "English").click()
    wait_for_heading(browser, "Staff")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.LINK_TEXT, "Norsk").click()
    wait_for_heading(browser, "Ansatte")


def test_leader_plans_the_day_shift_and_sees_work_lists(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/planning")
    wait_for_heading(browser, "Planlegging av vakt")
    assert "Vakten er ikke planlagt ennå." in browser.page_source
    browser.find_element(By.ID, "plan-button").click()
    wait_until(browser, lambda b: "Planlegg på nytt" in b.page_source, "the shift planned", 30)
    assert browser.find_elements(By.CSS_SELECTOR, ".timeline-visit"), "visits on the time line"
    assert "Sist planlagt" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "20-planning.png"))


def test_operator_takes_an_alarm_that_appears_without_reload_and_closes_it(demo_server, browser):
    import requests

    sign_in(browser, demo_server, demo_server.demo_username("Alarmoperatør"))
    browser.get(demo_server.base_url + "/alarms")
    wait_for_heading(browser, "Alarmsentral")
    # A fall detector reports over HTTP while the console is open: it shows without a reload.
    response = requests.post(
        demo_server.base_url + "/api/v1/sensor-events", auth=("47000021", "demo-alarm"),
        json={"reference": "BR1", "deviceType": 5, "statusCode": 9})
    assert response.status_code == 201 and response.json()["snu"] == 0, response.text
    # It must show in the queue: the demo's history can hold a closed alarm of the same kind in
    # «Siste døgn» (which depends on the time of day), and the page reloads itself as alarms change,
    # so the link is read in one step by the browser rather than found and then clicked.
    queued_link = """return Array.from(document.querySelectorAll('table.alarm-queue a'))
        .filter(a => a.textContent.trim() === 'Alarm (automatisk)').map(a => a.href)[0] || null"""
    address = wait_until(browser, lambda b: b.execute_script(queued_link), "the new alarm in the queue")
    browser.save_screenshot(str(ARTIFACTS / "30-alarm-queue.png"))
    browser.get(address)
    wait_for_heading(browser, "Alarm (automatisk)")
    assert "Nøkkelboks" in browser.page_source and "Adresse" in browser.page_source
    browser.find_element(By.ID, "take-button").click()
    wait_until(browser, lambda b: "Tatt" in b.page_source, "the alarm taken")
    assert "Send personale" in browser.page_source or "Ingen på vakt" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "31-alarm.png"))
    Select(browser.find_element(By.NAME, "cause")).select_by_visible_text("Falsk alarm")
    browser.find_element(By.ID, "close-button").click()
    wait_for_heading(browser, "Alarmsentral")
    browser.get(demo_server.base_url + "/alarms/statistics")
    wait_for_heading(browser, "Alarmstatistikk")
    assert "Falsk alarm" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "32-alarm-statistics.png"))


def test_operator_registers_an_alarm_device(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Alarmoperatør"))
    browser.get(demo_server.base_url + "/alarm-devices")
    wait_for_heading(browser, "Alarmenheter")
    browser.find_element(By.NAME, "controllerID").send_keys("47999001")
    browser.find_element(By.NAME, "description").clear()
    browser.find_element(By.NAME, "description").send_keys("Falldetektor på badet")
    browser.find_element(By.NAME, "password").send_keys("et-godt-passord")
    browser.find_element(By.CSS_SELECTOR, "form.stacked-form button[type=submit]").click()
    wait_until(browser, lambda b: "47999001" in b.page_source, "the device on the list")
    assert "Falldetektor på badet" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "33-alarm-devices.png"))


def test_a_deviation_is_filed_in_a_minute_and_the_leader_follows_it_up(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/deviations/new")
    wait_for_heading(browser, "Meld avvik")
    browser.find_element(By.NAME, "what").send_keys("Kveldsdosen lå igjen i dosetten")
    Select(browser.find_element(By.NAME, "category")).select_by_visible_text("Legemidler")
    Select(browser.find_element(By.NAME, "severity")).select_by_visible_text("Høy")
    browser.find_element(By.ID, "file-deviation").click()
    wait_for_heading(browser, "Avvik: Legemidler")
    browser.find_element(By.NAME, "assessment").send_keys("Dosett ikke sjekket ved kveldsbesøket")
    browser.find_element(By.NAME, "action").send_keys("Sjekkliste for kveldsbesøk")
    browser.find_element(By.ID, "assess-deviation").click()
    wait_until(browser, lambda b: "Vurdert, tiltak satt i gang" in b.page_source, "the deviation assessed")
    browser.save_screenshot(str(ARTIFACTS / "40-deviation.png"))
    browser.find_element(By.NAME, "learned").send_keys("Dosetten sjekkes på hvert kveldsbesøk")
    browser.find_element(By.ID, "close-deviation").click()
    # Back on the list (the detail page's heading also says "Avvik"): wait for the closed row.
    wait_until(browser, lambda b: "Lukket" in b.page_source and "Meld avvik" in b.page_source, "the closed deviation on the list")
    browser.save_screenshot(str(ARTIFACTS / "41-deviations.png"))


def test_leader_registers_absence_and_sees_sick_leave(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/absences")
    wait_for_heading(browser, "Fravær og sykefravær")
    assert "<svg" in browser.page_source, "the sick-leave chart from the demo's history"
    Select(browser.find_element(By.NAME, "kind")).select_by_visible_text("Ferie")
    first = browser.find_element(By.NAME, "first").get_attribute("value")
    browser.find_element(By.ID, "register-absence").click()
    # The new absence from today in the list of absences now and ahead (with the time it began
    # when today's shift was already planned and so was re-planned from now).
    wait_until(browser, lambda b: f"<td>Ferie</td><td>{first}" in b.page_source, f"the holiday from {first} on the list")
    browser.save_screenshot(str(ARTIFACTS / "42-absences.png"))


def test_leader_changes_a_day_of_the_roster(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/roster")
    wait_for_heading(browser, "Turnus")
    cell = browser.find_elements(By.CSS_SELECTOR, "table.roster-grid tbody select")[0]
    label = cell.get_attribute("aria-label")
    shift = "Kveld" if Select(cell).first_selected_option.text != "Kveld" else "Dag"
    Select(cell).select_by_visible_text(shift)
    browser.find_element(By.ID, "save-roster").click()
    wait_until(browser, lambda b: "1 endret fra rotasjonen" in b.page_source, "the roster saved")
    saved = browser.find_element(By.CSS_SELECTOR, f'select[aria-label="{label}"]')
    assert Select(saved).first_selected_option.text == shift
    browser.save_screenshot(str(ARTIFACTS / "43-roster.png"))


def start_report(browser, kind):
    """Starts a report meeting of `kind` and waits for the board to show it under way. The board
    reloads itself when its meetings change and keeps its heading: the page left is waited out."""
    def start(b):
        Select(b.find_element(By.NAME, "kind")).select_by_visible_text(kind)
        b.find_element(By.ID, "start-report").click()

    leaving_page(browser, start, f"the board after starting «{kind}»")
    wait_until(browser, lambda b: text_of(b, "#report-live").startswith(kind), f"«{kind}» under way")


def add_action_point(browser, text):
    def add(b):
        field = b.find_element(By.NAME, "text")
        field.clear()
        field.send_keys(text)
        b.find_element(By.ID, "add-action").click()

    leaving_page(browser, add, f"the board after adding «{text}»")
    wait_until(browser, lambda b: text in text_of(b, "main"), f"the action point «{text}» on the board")


def test_a_report_meeting_with_action_points_carried_to_the_next(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/report")
    wait_for_heading(browser, "Rapporttavle")
    start_report(browser, "Morgenrapport")
    for text in ("Ring fastlegen om ny dosett", "Bestill sykeseng til stua"):
        add_action_point(browser, text)

    def mark_done(b):
        row = b.find_element(By.XPATH, "//tr[td[contains(., 'Ring fastlegen om ny dosett')]]")
        row.find_element(By.CSS_SELECTOR, "button.done-button").click()

    leaving_page(browser, mark_done, "the board after marking a point done")
    def done_point_gone(b):
        board = text_of(b, "main")
        return "Bestill sykeseng til stua" in board and "Ring fastlegen om ny dosett" not in board

    wait_until(browser, done_point_gone, "the done point gone from the board")
    browser.save_screenshot(str(ARTIFACTS / "43-report-board.png"))
    # The next report: the open point is carried over, marked as such; the done one is gone.
    start_report(browser, "Rapport etter lunsj")
    board = text_of(browser, "main")
    assert "Bestill sykeseng til stua" in board
    assert "fra forrige rapport" in board
    assert "Ring fastlegen om ny dosett" not in board
    browser.save_screenshot(str(ARTIFACTS / "44-next-report.png"))


def test_leader_sees_the_dashboard_and_sets_a_target(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/dashboard")
    wait_for_heading(browser, "Mål og måloppnåelse")
    assert "Sykefravær siste fire uker" in browser.page_source and "<svg" in browser.page_source
    Select(browser.find_element(By.NAME, "indicator")).select_by_visible_text("Sykefravær siste fire uker (%)")
    browser.find_element(By.NAME, "target").send_keys("5,5")
    browser.find_element(By.ID, "set-target").click()
    wait_until(browser, lambda b: "≤ 5,5" in b.page_source, "the target shown")
    browser.save_screenshot(str(ARTIFACTS / "45-dashboard.png"))
    # The unit leader sees the whole unit, each zone beside it.
    sign_in(browser, demo_server, demo_server.demo_username("Enhetsleder"))
    browser.get(demo_server.base_url + "/dashboard")
    wait_for_heading(browser, "Mål og måloppnåelse")
    Select(browser.find_element(By.NAME, "zone")).select_by_visible_text(
        next(o.text for o in Select(browser.find_element(By.NAME, "zone")).options if o.text.startswith("Hele enheten")))
    browser.find_element(By.CSS_SELECTOR, "form[action='/dashboard'] button").click()
    wait_until(browser, lambda b: "Sentrum</th>" in b.page_source, "the unit's dashboard with each zone")
    assert "<svg" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "46-unit-dashboard.png"))


def test_leader_sees_allocated_planned_and_actual_hours(demo_server, browser):
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/hours")
    wait_for_heading(browser, "Vedtakstimer")
    # Last week: the demo's visits were made and checked off, so actual hours are there.
    browser.find_element(By.PARTIAL_LINK_TEXT, "Forrige").click()
    wait_until(browser, lambda b: "week=" in b.current_url, "last week's hours")
    actual = browser.execute_script(
        "return [...document.querySelectorAll('table.list tbody tr')].map((r) => r.children[4].textContent)")
    assert any(value.strip() not in ("", "–") for value in actual), "actual hours from the check-offs"
    browser.save_screenshot(str(ARTIFACTS / "47-hours.png"))


def test_a_care_worker_works_through_the_day_list(demo_server, browser):
    # The leader plans the day shift of Sentrum, so its staff have lists.
    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(demo_server.base_url + "/planning")
    wait_for_heading(browser, "Planlegging av vakt")
    if "Planlegg på nytt" not in browser.page_source:
        browser.find_element(By.ID, "plan-button").click()
        wait_until(browser, lambda b: "Planlegg på nytt" in b.page_source, "the shift planned", 30)
    # Someone on the time line signs in.
    for username in demo_server.staff_with_visits_today()[:6]:
        sign_in(browser, demo_server, username)
        browser.get(demo_server.base_url + "/my-day")
        wait_for_heading(browser, "Min dag")
        if browser.find_elements(By.CSS_SELECTOR, "ol.work-list li"):
            break
    else:
        pytest.fail("nobody on today's planned day shift has a visit on the list")
    browser.find_element(By.CSS_SELECTOR, "ol.work-list li a").click()
    wait_until(browser, lambda b: b.find_elements(By.ID, "start-visit"), "the visit page")
    browser.find_element(By.ID, "start-visit").click()
    wait_until(browser, lambda b: "Påbegynt" in b.page_source, "the visit started")
    browser.save_screenshot(str(ARTIFACTS / "50-my-visit.png"))
    browser.find_element(By.ID, "done-visit").click()
    wait_for_heading(browser, "Min dag")
    assert "Utført" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "51-my-day.png"))
