"""A guest saves two products to lists, logs in, and finds both in the account's lists."""

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.cart import make_user
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(db):
    outdoor = make_category("Outdoor")
    main = make_warehouse("main")
    tent = make_product(outdoor, name="Ridge tent", price="120.00")
    lamp = make_product(outdoor, name="Camp lamp", price="19.90")
    for product in (tent, lamp):
        set_stock(product, main, 5)
    make_user("ada", email="ada@example.com", password="correct horse")
    return {"outdoor": outdoor, "lamp": lamp}


def test_a_guest_saves_two_products_logs_in_and_finds_both_in_the_account(
    live_server, page, shop, home_page
):
    # A card: one click saves to the default list.
    page.goto(live_server.url + shop["outdoor"].get_absolute_url())
    card = page.locator(".product-card", has_text="Ridge tent")
    card.get_by_role("button", name=re.compile(r"^Save to list")).click()
    expect(page.locator(".messages")).to_contain_text("Saved Ridge tent to “Favourites”.")

    # A product page: a new list of its own.
    page.goto(live_server.url + shop["lamp"].get_absolute_url())
    page.get_by_role("link", name="New list…").click()
    page.get_by_label("Or a new list").fill("Camping trip")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Saved Camp lamp to “Camping trip”.")

    # Log in on the login page: the session key changes, the lists come along.
    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=email]").fill("ada@example.com")
    page.locator("input[name=password]").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    page.get_by_role("link", name="Your shopping lists").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your lists")
    overview = page.locator(".lists-overview__item")
    expect(overview).to_have_count(2)
    expect(overview.nth(0)).to_contain_text("Favourites")
    expect(overview.nth(0)).to_contain_text("1 item")
    expect(overview.nth(1)).to_contain_text("Camping trip")

    page.get_by_role("link", name="Favourites").click()
    expect(page.locator(".list-item__name")).to_have_text(["Ridge tent"])
    page.get_by_role("link", name="All your lists").click()
    page.get_by_role("link", name="Camping trip").click()
    expect(page.locator(".list-item__name")).to_have_text(["Camp lamp"])
    expect(page.locator(".list-item__price-now")).to_have_text(["€19.90"])
