"""How the end-to-end tests drive pages that can change under them.

Tilsyn's pages redraw or reload themselves when their data changes (the tablet app, the board, the
alarm console, the report board). An element found and then used can belong to a screen that has
just been replaced, and a page whose heading stays the same after a form is sent looks alike before
and after. So conditions are read by the browser in one step, a wait says what it waited for and
what the page showed instead (one line, so it reaches the summary of a CI log), and an action on a
live page is done again on the fresh screen when the screen was replaced in between."""
import time

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import DEMO_PASSWORD

# What a replaced or still-drawing screen throws at an action; the action is done again.
REDRAWN = (StaleElementReferenceException, ElementNotInteractableException, ElementClickInterceptedException)

PAGE_SUMMARY = """
var heading = document.querySelector('h1');
var main = document.querySelector('main') || document.body;
return location.pathname + location.search + location.hash + ' · h1 «' + (heading ? heading.innerText : '') + '» · '
  + (main ? main.innerText : '').replace(/\\s+/g, ' ').slice(0, 400);
"""


def page_summary(browser):
    """Where the browser is and what it shows, in one line."""
    try:
        return browser.execute_script(PAGE_SUMMARY)
    except WebDriverException as error:
        return f"(the page could not be read: {error.msg})"


def wait_until(browser, condition, what, seconds=10):
    """Waits for `condition(browser)` to be true; a page in the middle of a navigation or a redraw
    only means not yet. On time-out it says what was awaited and what the page showed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = condition(browser)
            if value:
                return value
        except WebDriverException:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}; the page: {page_summary(browser)}")
        time.sleep(0.1)


def text_of(browser, css):
    """The visible text of the first element matching `css`, read in one step ('' when there is none)."""
    script = "var e = document.querySelector(arguments[0]); return e ? e.innerText : ''"
    return browser.execute_script(script, css) or ""


def present(browser, css):
    """Whether an element matches `css` now (asked in the page: find_elements would sit out the
    implicit wait on an empty answer)."""
    return bool(browser.execute_script("return !!document.querySelector(arguments[0])", css))


def wait_for_url(browser, fragment, seconds=10):
    """Waits for a navigation started by a click or a sent form to land."""
    wait_until(browser, lambda b: fragment in b.current_url, f"an address with «{fragment}»", seconds)


def wait_for_heading(browser, text, seconds=10):
    """Waits for a page whose h1 holds `text`."""
    wait_until(browser, lambda b: text in text_of(b, "h1"), f"a page headed «{text}»", seconds)


def on_fresh_screen(browser, action, what="an action", attempts=5):
    """Does `action(browser)`; again on the fresh screen if the page replaced it meanwhile."""
    for _ in range(attempts):
        try:
            return action(browser)
        except REDRAWN as error:
            replaced = error
            time.sleep(0.2)
    raise AssertionError(f"{what}: the screen kept being replaced ({type(replaced).__name__}); the page: {page_summary(browser)}")


def click(browser, element_id):
    """Clicks what the person sees: scrolled to the middle, clear of the app's sticky header."""
    def scroll_and_click(b):
        element = b.find_element(By.ID, element_id)
        b.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    on_fresh_screen(browser, scroll_and_click, f"clicking #{element_id}")


def leaving_page(browser, action, what, seconds=10):
    """Does `action` (a click that sends a form or follows a link) and waits until the page it was
    done on has been replaced: the page carries a mark the next page does not have."""
    def mark_and_act(b):
        b.execute_script("window.tilsynTestLeaving = true")
        action(b)

    on_fresh_screen(browser, mark_and_act, what)
    leaves = "return document.readyState === 'complete' && !window.tilsynTestLeaving"
    wait_until(browser, lambda b: b.execute_script(leaves), what, seconds)


def sign_in(browser, server, username, pin=None):
    browser.delete_all_cookies()
    browser.get(server.base_url + "/")
    assert "/login" in browser.current_url, "an anonymous visitor is sent to the sign-in page"
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD + Keys.RETURN)
    wait_for_url(browser, "/pin")  # after the password comes the offer of a device PIN
    if pin:
        browser.find_element(By.ID, "pin").send_keys(pin + Keys.RETURN)
    else:
        browser.find_element(By.LINK_TEXT, "Hopp over").click()
    wait_for_heading(browser, "Soneoversikt")
