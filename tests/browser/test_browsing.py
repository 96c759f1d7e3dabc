"""A shopper browses: category, filter, sort, next page, a search with a typo, a product."""

import re

import pytest
from playwright.sync_api import expect

from commerce.catalog.models import AttributeDefinition, AttributeOption
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog(db):
    outdoor = make_category("Outdoor")
    tents = make_category("Tents", parent=outdoor)
    main = make_warehouse("main")
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    green = AttributeOption.objects.create(definition=colour, value="Green", slug="green")
    orange = AttributeOption.objects.create(definition=colour, value="Orange", slug="orange")
    for index in range(30):
        product = make_product(tents, name=f"Ridge tent {index:02d}", price=f"{100 + index}.00")
        product.attribute_options.set([green if index % 2 else orange])
        product.save()
        set_stock(product, main, 5)
    leather = make_product(outdoor, name="Leather hiking boot", price="149.00")
    set_stock(leather, main, 2)
    return {"outdoor": outdoor, "tents": tents}


def test_shopper_browses_filters_sorts_pages_searches_and_opens_a_product(
    live_server, page, catalog, home_page
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Outdoor").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outdoor")
    expect(page.locator(".result-count")).to_have_text("31 products")

    page.get_by_label(re.compile(r"^\s*Green")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".result-count")).to_have_text("15 products")
    assert "colour=green" in page.url

    page.get_by_label("Sort by").select_option("-price")
    page.get_by_role("button", name="Show").click()
    cards = page.locator(".product-card h3")
    expect(cards.first).to_have_text("Ridge tent 29")

    page.get_by_label("Per page").select_option("12")
    page.get_by_role("button", name="Show").click()
    expect(cards).to_have_count(12)
    page.get_by_role("link", name="Next").click()
    expect(cards).to_have_count(3)
    expect(cards.first).to_have_text("Ridge tent 05")
    assert "colour=green" in page.url and "sort=-price" in page.url

    search_box = page.get_by_role("searchbox").first
    search_box.fill("leathr boot")
    search_box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("leathr boot")
    page.get_by_role("link", name="Leather hiking boot").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Leather hiking boot")
    expect(page.locator(".availability")).to_have_text("Only 2 left")
    expect(page.locator("link[rel=canonical]")).to_have_attribute(
        "href", re.compile(r"/products/leather-hiking-boot-\d+/$")
    )
