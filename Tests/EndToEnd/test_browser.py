"""What a person does in the web shell, in a real headless Chromium against `tilsyn serve --demo`."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS


def test_zone_overview_search_and_recipient_page(demo_server, browser):
    browser.get(demo_server.base_url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Soneoversikt"
    zones = browser.find_elements(By.CSS_SELECTOR, ".zone-card h2")
    assert [z.text for z in zones] == sorted(z.text for z in zones)
    assert {"Sentrum", "Tromsøya nord", "Tromsøya sør", "Tromsdalen", "Kroken og Tomasjord", "Kvaløya"} == {
        z.text for z in zones
    }
    browser.save_screenshot(str(ARTIFACTS / "01-zone-overview.png"))

    # A recipient to look for, by family name, through the search form as a person would.
    target = demo_server.get_json("/api/v1/recipients")[0]
    browser.find_element(By.LINK_TEXT, "Tjenestemottakere").click()
    search = browser.find_element(By.ID, "q")
    search.send_keys(f"{target['familyName']} {target['givenName']}")
    search.send_keys(Keys.RETURN)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert rows, "the search found nobody"
    assert all(target["familyName"] in row.text for row in rows)
    browser.save_screenshot(str(ARTIFACTS / "02-recipient-search.png"))

    browser.find_element(By.CSS_SELECTOR, f"a[href='/recipients/{target['id']}']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == f"{target['givenName']} {target['familyName']}"
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    for heading in ("Nøkkelopplysninger", "Kontakter", "Vedtak", "Tiltaksplan", "Besøk i dag"):
        assert heading in headings
    assert target["nationalId"] in browser.page_source
    # The history of a measure opens from the keyboard-reachable <details>.
    browser.find_element(By.CSS_SELECTOR, ".measure details summary").click()
    assert browser.find_element(By.CSS_SELECTOR, ".measure details table").is_displayed()
    browser.save_screenshot(str(ARTIFACTS / "03-recipient-page.png"))


def test_ipad_mini_layout_and_keyboard(demo_server, browser):
    browser.set_window_size(768, 1024)
    try:
        browser.get(demo_server.base_url + "/recipients")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 768, f"the page scrolls sideways on an iPad Mini ({width}px)"
        # The first Tab reaches the skip link, and every form field has a label.
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert browser.switch_to.active_element.get_attribute("class") == "skip-link"
        for field in browser.find_elements(By.CSS_SELECTOR, "input, select"):
            field_id = field.get_attribute("id")
            assert browser.find_elements(By.CSS_SELECTOR, f"label[for='{field_id}']"), field_id
        browser.save_screenshot(str(ARTIFACTS / "04-ipad-mini-recipients.png"))
    finally:
        browser.set_window_size(1280, 1000)


def test_english_is_one_click_away(demo_server, browser):
    browser.get(demo_server.base_url + "/staff")
    browser.find_element(By.LINK_TEXT, "English").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Staff"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.LINK_TEXT, "Norsk").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ansatte"
