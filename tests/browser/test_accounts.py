"""A shopper signs up, confirms their address, finds their earlier guest order in the account,
logs out and back in by e-mail in another case."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.fixtures.accounts import PASSWORD, link_in, make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_see_guest_order_log_out_and_in(live_server, page, home_page):
    guest_order = make_order(email="ada@example.com", lines=[("Trail boots", "89.00", 1)])

    page.goto(live_server.url + "/cart/")
    page.locator(".account-link").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("E-mail address").fill("Ada@Example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(live_server.url + "/cart/")  # back where the shopper was
    page.locator(".account-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("not confirmed yet")).to_be_visible()
    expect(page.get_by_text(guest_order.number)).to_have_count(0)  # not before verification

    [message] = [m for m in mail.outbox if "Confirm your e-mail" in m.subject]
    page.goto(live_server.url + link_in(message, "/account/verify/"))
    page.get_by_role("button", name="Confirm my e-mail address").click()
    expect(page.get_by_text("1 earlier order was added to your account.")).to_be_visible()
    page.get_by_role("link", name=guest_order.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {guest_order.number}")
    expect(page.locator(".order-line")).to_contain_text("Trail boots")

    page.goto(live_server.url + "/account/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.goto(live_server.url + "/account/orders/")
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/account/orders/$"))
    page.get_by_label("Email").fill("ADA@example.COM")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/account/orders/")
    expect(page.get_by_role("link", name=guest_order.number)).to_be_visible()
