"""The improvement channel as people use it: a care worker proposes, a leader accepts and tries it
with an indicator, measures and evaluates, and a third colleague finds the evaluation by search."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import sign_in, text_of, wait_for_heading, wait_for_url, wait_until
from conftest import ARTIFACTS


def fill(browser, field_id, text):
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def submit(browser, form_action):
    browser.find_element(By.CSS_SELECTOR, f"form[action='{form_action}'] button[type=submit]").click()


def wait_for_text(browser, css, text):
    """Waits until the reloaded page shows `text` in the element `css` (the URL may not change)."""
    wait_until(browser, lambda b: text in text_of(b, css), f"«{text}» in {css}")


def test_idea_to_trial_to_evaluation_found_by_a_colleague(demo_server, browser):
    title = "Handlelister på kjøleskapsdøra"
    sign_in(browser, demo_server, demo_server.demo_username("Helsefagarbeider"))
    browser.get(demo_server.base_url + "/ideas/new")
    fill(browser, "title", title)
    fill(browser, "problem", "Vi glemmer ofte hva som skal handles inn til brukerne.")
    fill(browser, "proposal", "En fast handleliste på kjøleskapsdøra som alle fyller ut.")
    Select(browser.find_element(By.ID, "category")).select_by_value("toolsAndMethods")
    submit(browser, "/ideas")
    wait_for_heading(browser, title)
    idea_url = browser.current_url
    assert "Venter på svar" in browser.page_source

    sign_in(browser, demo_server, demo_server.demo_username("Avdelingsleder"))
    browser.get(idea_url)
    idea_path = idea_url.replace(demo_server.base_url, "")
    Select(browser.find_element(By.ID, "kind")).select_by_value("tryIt")
    submit(browser, f"{idea_path}/answer")
    wait_until(browser, lambda b: b.find_elements(By.ID, "indicatorName"), "the trial form")
    fill(browser, "indicatorName", "Glemte varer per uke")
    fill(browser, "indicatorUnit", "varer")
    fill(browser, "baseline", "6")
    fill(browser, "target", "1")
    submit(browser, f"{idea_path}/trial")
    wait_for_url(browser, "#trial")
    fill(browser, "value", "2")
    browser.find_element(By.XPATH, "//button[text()='Legg til måling']").click()
    wait_for_text(browser, "table.list tbody", ": 2")
    assert "Glemte varer per uke" in browser.page_source
    fill(browser, "done", "Handleliste på døra i fire uker.")
    fill(browser, "learned", "Færre glemte varer når listen henger synlig.")
    fill(browser, "next", "Bruk samme liste hos alle med handling i vedtaket.")
    Select(browser.find_element(By.ID, "decision")).select_by_value("adopt")
    browser.find_element(By.XPATH, "//button[text()='Lagre evaluering og avslutt']").click()
    wait_for_text(browser, "#trial", "Evaluering: Innføres")
    assert "Innført" in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "05-idea-evaluated.png"))

    sign_in(browser, demo_server, demo_server.demo_username("Sykepleier"))
    browser.get(demo_server.base_url + "/ideas")
    fill(browser, "q", "glemte varer handleliste")
    browser.find_element(By.CSS_SELECTOR, "form[role=search] button").click()
    wait_for_url(browser, "q=")
    assert "Færre glemte varer når listen henger synlig." in browser.page_source
    browser.save_screenshot(str(ARTIFACTS / "06-evaluation-found.png"))

    browser.get(demo_server.base_url + "/ideas/stories")
    assert browser.find_elements(By.CSS_SELECTOR, "article.measure"), "the demo shares one success story"

    browser.get(demo_server.base_url + "/ideas/overview")
    assert browser.find_elements(By.CSS_SELECTOR, "svg[role=img]"), "the overview draws its charts"
    browser.save_screenshot(str(ARTIFACTS / "07-improvement-overview.png"))
