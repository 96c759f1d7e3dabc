"""The storefront's layout at phone and desktop width, page by page: nothing scrolls sideways,
header, main and footer share one column, every form control has a visible label, and on the
cart and each checkout step the primary button is the most prominent one."""

import re

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import expect

from commerce.catalog.models import AttributeDefinition, AttributeOption
from commerce.checkout.models import PaymentProvider
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import make_delivery_method, make_payment_method

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}

# Each visible form control and whether a visible label names it. A search box is labelled by
# its visible Search button (its own label is for screen readers).
UNLABELLED_CONTROLS = """() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const out = [];
  for (const el of document.querySelectorAll('main input, main select, main textarea')) {
    if (el.type === 'hidden' || !visible(el)) continue;
    if ([...el.labels].some(visible)) continue;
    if (el.type === 'search' && [...el.form.querySelectorAll('button')].some(visible)) continue;
    out.push(el.name || el.id);
  }
  return out;
}"""

# The area of each visible button in main, and whether it is filled with a colour.
BUTTONS = """() => [...document.querySelectorAll('main button, main a.button')]
  .map((el) => {
    const r = el.getBoundingClientRect();
    const bg = getComputedStyle(el).backgroundColor;
    return {text: el.textContent.trim(), area: r.width * r.height,
            filled: !['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'].includes(bg)}; })
  .filter((b) => b.area > 0)"""

# Left edges of the header, main and footer content boxes.
COLUMN_EDGES = """() => ['.site-header .container', 'main', '.site-footer .container'].map((s) => {
  const el = document.querySelector(s);
  return el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft);
})"""


@pytest.fixture
def shop(db, home_page):
    tents = make_category("Tents")
    main = make_warehouse("main")
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    options = [
        AttributeOption.objects.create(definition=colour, value=name, slug=name.lower())
        for name in ("Green", "Orange", "Blue", "Red", "Black", "White", "Grey", "Sand")
    ]
    products = []
    for index in range(8):
        product = make_product(tents, name=f"Ridge tent {index}", price=f"{120 + index}.50")
        product.attribute_options.set([options[index % 7]])  # "Sand" matches nothing
        product.save()
        set_stock(product, main, 5)
        products.append(product)
    sold_out = make_product(tents, name="Sold-out tent", price="99.00")
    make_delivery_method("Standard parcel", price="4.90")
    make_payment_method("Bank transfer", provider=PaymentProvider.BANK_TRANSFER)
    return {"tents": tents, "products": products, "sold_out": sold_out}


def check_page(page, name, *, primary=None):
    """The page at both widths: no sideways scroll on a phone, one column, labelled controls,
    and `primary` (a button's text) the largest filled button."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} scrolls sideways at {viewport['width']} px"
        assert page.evaluate(UNLABELLED_CONTROLS) == [], f"{name}: controls without a label"
        header, main, footer = page.evaluate(COLUMN_EDGES)
        assert header == main == footer, f"{name}: column edges {header}, {main}, {footer}"
        if primary:
            buttons = page.evaluate(BUTTONS)
            biggest = max(buttons, key=lambda button: button["area"])
            assert re.search(primary, biggest["text"]), f"{name}: {biggest['text']} is biggest"
            assert biggest["filled"], f"{name}: the primary button is not filled"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_type_fits_a_phone_and_labels_its_controls(live_server, page, shop):
    base = live_server.url
    page.goto(base + "/")
    check_page(page, "home")

    page.goto(base + shop["tents"].get_absolute_url())
    check_page(page, "category")
    filters = page.locator(".filters")
    expect(filters.get_by_label(re.compile(r"^\s*Green"))).to_be_visible()
    expect(filters.get_by_label(re.compile(r"^\s*Sand"))).to_have_count(0)  # no results
    # A card that cannot be added offers "View", not a disabled purchase.
    sold_out = page.locator(".product-card", has_text="Sold-out tent")
    expect(sold_out.locator(".availability")).to_have_text("Out of stock")
    expect(sold_out.get_by_role("button", name=re.compile("Add to cart"))).to_have_count(0)
    # The cards' primary buttons line up along each row.
    tops = page.locator(".product-card .add-to-cart button").evaluate_all(
        "els => els.slice(0, 3).map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1

    page.set_viewport_size(PHONE)
    # On a phone the filters are closed, so the first product shows on the first screen.
    first_card = page.locator(".product-card").first.bounding_box()
    assert first_card["y"] < PHONE["height"]
    page.goto(base + "/search/?q=ridge")
    check_page(page, "search")

    for product in shop["products"][:2]:
        page.goto(base + product.get_absolute_url())
        page.get_by_role("button", name=re.compile("Add to cart")).click()
        toast = page.locator(".messages")
        expect(toast).to_contain_text(product.name)
        expect(toast.get_by_role("link", name="View cart")).to_have_attribute("href", "/cart/")
    check_page(page, "product")
    expect(page.locator(".cart-count")).to_have_text("2")

    page.goto(base + "/cart/")
    check_page(page, "cart", primary="Go to checkout")

    page.get_by_role("link", name="Go to checkout").click()
    page.get_by_label("E-mail").fill("guest@example.com")
    page.get_by_role("button", name="Continue to delivery").click()
    name = page.locator("input[name=name]")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + name.get_attribute("aria-describedby"))).to_have_text(
        "This field is required."
    )
    expect(page.locator('.checkout-step[aria-current="step"]')).to_have_text(
        re.compile("Contact and address")
    )
    check_page(page, "address with errors", primary="Continue to delivery")

    name.fill("Guest Shopper")
    page.locator("input[name=address_line1]").fill("5 Market Street")
    page.get_by_label("Postal code").fill("1010")
    page.get_by_label("City").fill("Vienna")
    page.get_by_label("Country").select_option("AT")
    page.get_by_role("button", name="Continue to delivery").click()
    check_page(page, "delivery", primary="Continue to payment")
    page.get_by_label(re.compile("Standard parcel")).check()
    page.get_by_role("button", name="Continue to payment").click()
    check_page(page, "payment", primary="Continue to review")
    page.get_by_label("Bank transfer").check()
    page.get_by_role("button", name="Continue to review").click()
    check_page(page, "review", primary="Place order")
    page.get_by_role("button", name=re.compile("Place order")).click()
    expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    check_page(page, "order confirmation")

    page.goto(base + "/lists/")
    check_page(page, "lists")

    response = page.goto(base + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main").get_by_role("searchbox")).to_be_visible()
    check_page(page, "404")


def test_the_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")

    assert "<h1" in html and "Something went wrong" in html
    assert 'action="/search/"' in html
    assert 'href="/"' in html
