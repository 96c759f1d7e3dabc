"""A guest saves two products to lists, logs in, and finds both in the account's lists; an
item saved without a size offers the choice, in line with the other items' actions."""

import re

import pytest
from playwright.sync_api import expect

from commerce.lists.identity import Owner
from tests.browser.audit_pages import VIEWPORTS
from tests.fixtures.cart import make_user
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_tee,
    make_warehouse,
    set_stock,
)
from tests.fixtures.lists import detail_url, make_list, save

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


# The left edge of each list item's note field, in page order.
NOTE_EDGES = """() => [...document.querySelectorAll('.list-item input[name=note]')]
  .map((input) => Math.round(input.getBoundingClientRect().left))"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_item_without_a_size_offers_the_choice_in_line_with_the_others(
    live_server, browser, home_page, viewport
):
    shirts, main = make_category("Shirts"), make_warehouse("main")
    size = make_attribute("Size", ["S", "M", "L"], position=1)
    tee = make_tee(shirts, main, size, make_attribute("Colour", ["Navy", "Red"], position=2))
    cap = make_product(shirts, name="Cap", price="15.00", sku="CAP")
    set_stock(cap, main, 0)
    shopper = make_user("ada", email="ada@example.com", password="correct horse")
    favourites = make_list(Owner(user=shopper))
    save(favourites, tee)  # no size chosen
    save(favourites, tee, variant=tee.variants.get(sku="TEE-L-NAVY"))
    save(favourites, cap)  # sold out: no cart action at all
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=email]").fill("ada@example.com")
    page.locator("input[name=password]").fill("correct horse")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + detail_url(favourites))

    items = page.locator(".list-item")
    expect(items.nth(0).get_by_role("link", name="Choose a size and colour of Tee")).to_be_visible()
    expect(items.nth(0).get_by_role("button", name=re.compile("^Add to cart"))).to_have_count(0)
    expect(items.nth(1).get_by_role("button", name=re.compile("^Add to cart"))).to_be_visible()
    edges = page.evaluate(NOTE_EDGES)
    assert len(set(edges)) == 1, f"the note fields start at {edges}"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= VIEWPORTS[viewport]["width"]

    items.nth(0).get_by_role("link", name="Choose a size and colour of Tee").click()
    expect(page).to_have_url(live_server.url + tee.get_absolute_url())
    context.close()
