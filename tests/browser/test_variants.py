"""A shopper picks a size on the product page, adds it, checks out and sees the size on the
confirmation: with JavaScript (the price, SKU and URL follow the choice) and without it (the
radio buttons post the choice). Also photographs the picker at phone and desktop width."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commerce.checkout.models import PaymentProvider
from commerce.lists.models import ListItem
from commerce.orders.models import OrderLine
from tests.browser.checkout_steps import fill_guest_checkout
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_variants,
    make_warehouse,
    set_stock,
)
from tests.fixtures.orders import make_delivery_method, make_payment_method

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results/screenshots"


@pytest.fixture
def tee(db, home_page):
    product = make_product(make_category("Shirts"), name="Cotton Tee", price="20.00", sku="TEE")
    size = make_attribute("Size", ["S", "M", "L"], position=1)
    colour = make_attribute("Colour", ["Navy", "Red"], position=2)
    variants = make_variants(
        product,
        [size, colour],
        [("S", "Navy"), ("M", "Navy"), ("L", "Navy"), ("M", "Red")],
        prices={("L", "Navy"): "24.00"},
    )
    main = make_warehouse("main")
    for sku, units in {"TEE-S-NAVY": 0, "TEE-M-NAVY": 4, "TEE-L-NAVY": 9, "TEE-M-RED": 2}.items():
        set_stock(variants[sku], main, units)
    make_delivery_method("Standard parcel", price="4.90")
    make_payment_method("Bank transfer", provider=PaymentProvider.BANK_TRANSFER)
    return product


def check_out(page, base):
    page.goto(base + reverse("cart:detail"))
    expect(page.locator(".cart-line__options")).to_have_text("Size: M, Colour: Navy")
    fill_guest_checkout(page, payment="Bank transfer")
    expect(page.locator(".checkout-line").first).to_contain_text("Size: M")
    page.get_by_role("button", name=re.compile("Place order")).click()
    expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    expect(page.get_by_text("Size: M, Colour: Navy")).to_be_visible()
    assert list(OrderLine.objects.values_list("sku", "options_label", "quantity")) == [
        ("TEE-M-NAVY", "Size: M, Colour: Navy", 1)
    ]


def choose(page, group, value):
    page.get_by_role("group", name=group).get_by_role("radio", name=value, exact=True).check()


def test_with_javascript_the_page_follows_the_choice_and_the_size_is_ordered(
    live_server, page, tee
):
    base = live_server.url
    page.goto(base + tee.get_absolute_url())
    expect(page.locator("[data-variant-price]")).to_contain_text("from €20.00")

    choose(page, "Size", "L")
    choose(page, "Colour", "Navy")
    expect(page.locator("[data-variant-sku]")).to_have_text("TEE-L-NAVY")
    expect(page.locator("[data-variant-price]")).to_have_text("€24.00")
    expect(page).to_have_url(re.compile(r"\?variant=TEE-L-NAVY$"))
    expect(page.get_by_role("radio", name="Red")).to_be_disabled()  # no red in L

    choose(page, "Size", "M")
    expect(page.locator("[data-variant-sku]")).to_have_text("TEE-M-NAVY")
    expect(page.locator("[data-variant-price]")).to_have_text("€20.00")
    expect(page.locator("[data-variant-availability]")).to_have_text("Only 4 left")
    expect(page.get_by_role("radio", name=re.compile("^S"))).to_be_disabled()  # sold out
    shared = page.url

    page.goto(shared)  # a shared link opens the same choice
    expect(page.get_by_role("radio", name="M", exact=True)).to_be_checked()
    page.get_by_role("button", name=re.compile("Add to cart")).click()
    expect(page.get_by_text("Added 1 × Cotton Tee (Size: M, Colour: Navy)")).to_be_visible()
    check_out(page, base)


def test_without_javascript_the_radio_buttons_choose_the_size(live_server, browser, tee):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    try:
        page.goto(base + tee.get_absolute_url())
        expect(page.get_by_role("radio", name=re.compile("^S"))).to_be_disabled()  # sold out
        choose(page, "Size", "M")
        choose(page, "Colour", "Navy")
        page.get_by_role("button", name=re.compile("Add to cart")).click()
        expect(page.get_by_text("Added 1 × Cotton Tee (Size: M, Colour: Navy)")).to_be_visible()
        check_out(page, base)
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900)])
def test_the_picker_is_photographed(live_server, browser, tee, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(live_server.url + tee.get_absolute_url() + "?variant=TEE-M-NAVY")
        expect(page.locator("[data-variant-sku]")).to_have_text("TEE-M-NAVY")
        page.screenshot(path=SCREENSHOTS / f"{width}-product-variants.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow
    finally:
        context.close()


def saved_variants():
    return [item.variant.sku if item.variant else None for item in ListItem.objects.order_by("pk")]


def test_save_to_list_keeps_the_size_chosen_with_javascript(live_server, page, tee):
    page.goto(live_server.url + tee.get_absolute_url())
    choose(page, "Size", "L")
    choose(page, "Colour", "Navy")
    expect(page).to_have_url(re.compile(r"\?variant=TEE-L-NAVY$"))

    page.get_by_role("button", name=re.compile("Save to list")).click()

    expect(page.get_by_role("status").first).to_contain_text("Cotton Tee")
    assert saved_variants() == ["TEE-L-NAVY"]


def test_save_to_list_keeps_the_size_of_a_shared_link_without_javascript(live_server, browser, tee):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + tee.get_absolute_url() + "?variant=TEE-M-NAVY")
        page.get_by_role("button", name=re.compile("Save to list")).click()
        expect(page.get_by_role("status").first).to_contain_text("Cotton Tee")
        assert saved_variants() == ["TEE-M-NAVY"]
    finally:
        context.close()
