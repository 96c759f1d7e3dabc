"""Flash messages are toasts a shopper can close, with or without JavaScript, that never take
the focus: a confirmation is a status, a refusal an alert."""

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tent(db):
    tent = make_product(make_category("Outdoor"), name="Ridge tent", price="120.00")
    set_stock(tent, make_warehouse("main"), 5)
    return tent


def add_to_cart(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=re.compile("Add to cart")).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_toast_closes_by_pointer_or_keyboard_and_never_takes_the_focus(
    live_server, browser, tent, home_page, javascript
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    url = live_server.url + tent.get_absolute_url()

    add_to_cart(page, url)
    toast = page.get_by_role("status").filter(has_text="Ridge tent")
    expect(toast).to_be_visible()
    assert page.evaluate("document.activeElement === document.body")
    toast.locator(".message__close").click()
    expect(toast).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()

    add_to_cart(page, url)
    toast = page.get_by_role("status").filter(has_text="Ridge tent")
    dismiss = toast.get_by_role("checkbox", name="Dismiss this message")
    dismiss.focus()
    page.keyboard.press("Space")
    expect(toast).to_be_hidden()
    context.close()


def test_a_refused_coupon_is_an_alert_with_its_own_close_control(
    live_server, page, tent, home_page
):
    add_to_cart(page, live_server.url + tent.get_absolute_url())
    page.goto(live_server.url + "/cart/")
    page.get_by_label("Coupon code").fill("NOSUCHCODE")
    page.get_by_role("button", name=re.compile("Apply", re.I)).click()

    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(alert).to_have_class(re.compile(r"\bmessage-error\b"))
    alert.locator(".message__close").click()
    expect(alert).to_be_hidden()
