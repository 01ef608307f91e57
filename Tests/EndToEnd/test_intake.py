"""Intake assessment (R17) in the tablet app: written offline, kept through a reload, sent in once
when the connection returns, and read by the zone's leader on the web."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import click, sign_in, text_of, wait_for_heading, wait_until
from conftest import ARTIFACTS
from test_tablet import set_offline, wait_for_list, wait_waiting


def wait_for_intake_form(browser):
    wait_until(browser, lambda b: b.execute_script("return document.body.dataset.ready") == "intake", "the intake form", 15)


def type_into(browser, name, text):
    field = browser.find_element(By.CSS_SELECTOR, f"#intake-form [name='{name}']")
    field.clear()
    field.send_keys(text)


def test_an_intake_written_offline_survives_a_reload_and_is_sent_in_once(demo_server, browser, second_browser):
    sign_in(browser, demo_server, demo_server.demo_username("Sykepleier"))
    browser.get(demo_server.base_url + "/tablet/index.html")
    wait_for_list(browser)
    wait_until(browser, lambda b: b.execute_script("return !!navigator.serviceWorker.controller"), "the service worker in control", 15)
    before = demo_server.count("intake_assessments")

    set_offline(browser, True)
    try:
        click(browser, "new-intake")
        wait_for_intake_form(browser)
        type_into(browser, "givenName", "Ingrid")
        type_into(browser, "familyName", "Prøvesen")
        type_into(browser, "reason", "Trenger hjelp til dusj og medisiner etter sykehusopphold")
        # Kept on the tablet as it is typed: a reload without a connection loses nothing.
        wait_until(browser, lambda b: text_of(b, "#intake-autosave") != "", "the draft kept on the tablet", 5)
        browser.refresh()
        wait_for_intake_form(browser)
        assert browser.find_element(By.CSS_SELECTOR, "#intake-form [name='givenName']").get_attribute("value") == "Ingrid"
        assert "sykehusopphold" in browser.find_element(By.CSS_SELECTOR, "#intake-form [name='reason']").get_attribute("value")
        # Sending in an incomplete one is refused on the spot, with what is missing.
        click(browser, "submit-intake")
        wait_until(browser, lambda b: b.find_element(By.ID, "intake-error").is_displayed(), "what is missing shown", 5)
        type_into(browser, "address", "Prøveveien 3, 9010 Tromsø")
        for select in browser.find_elements(By.CSS_SELECTOR, "#intake-form select[name^='fn-']"):
            Select(select).select_by_value("3")
        browser.find_element(By.CSS_SELECTOR, "#intake-form [name='services'][value='homeNursing']").click()
        browser.find_element(By.CSS_SELECTOR, "#intake-form [name='consent']").click()
        browser.save_screenshot(str(ARTIFACTS / "70-intake-offline.png"))
        click(browser, "submit-intake")
        wait_for_list(browser)
        wait_waiting(browser, 1)
        assert demo_server.count("intake_assessments") == before, "nothing reached the server while offline"
    finally:
        set_offline(browser, False)
    wait_waiting(browser, 0, seconds=40)
    browser.refresh()
    wait_for_list(browser)
    assert demo_server.count("intake_assessments") == before + 1
    assert demo_server.count("intake_assessments", "status = 'submitted'") == before + 1
    assert not browser.execute_script("return document.getElementById('intake-drafts')"), "the sent one is no draft"

    # The zone's leader reads it on the web.
    leader = second_browser
    sign_in(leader, demo_server, demo_server.demo_username("Avdelingsleder"))
    leader.get(demo_server.base_url + "/intakes")
    wait_for_heading(leader, "Kartlegging")
    leader.find_element(By.LINK_TEXT, "Ingrid Prøvesen").click()
    wait_for_heading(leader, "Ingrid Prøvesen")
    assert "Prøveveien 3" in leader.page_source
    leader.save_screenshot(str(ARTIFACTS / "71-intake-for-the-leader.png"))
