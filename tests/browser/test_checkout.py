"""A guest buys two products with a coupon and the test gateway; staff ship the order."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from commerce.checkout.models import PaymentProvider
from commerce.orders.models import Order, OrderStatus
from tests.browser.checkout_steps import fill_guest_checkout
from tests.browser.test_admin_login import log_in
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import make_coupon, make_delivery_method, make_payment_method

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


@pytest.fixture
def shop(db, home_page):
    shoes, main = make_category("Shoes"), make_warehouse("main")
    products = [
        make_product(shoes, name="Trail Runner", price="80.00"),
        make_product(shoes, name="Wool Socks", price="10.00"),
    ]
    for product in products:
        set_stock(product, main, 5)
    make_delivery_method("Standard parcel", price="4.90")
    make_payment_method("Card", provider=PaymentProvider.TEST_GATEWAY)
    make_payment_method("Bank transfer", provider=PaymentProvider.BANK_TRANSFER)
    make_coupon("SPRING10", value="10")
    get_user_model().objects.create_superuser("staff", "staff@example.com", PASSWORD)
    return products


def add_to_cart(page, base_url, product, quantity=1):
    page.goto(base_url + product.get_absolute_url())
    form = page.locator("form.add-to-cart")
    form.get_by_label("Quantity").fill(str(quantity))
    form.get_by_role("button", name=re.compile("Add to cart")).click()
    expect(page.get_by_text("to your cart")).to_be_visible()


def test_guest_checks_out_with_a_coupon_and_staff_ship_it(live_server, page, shop):
    base = live_server.url
    runner, socks = shop
    add_to_cart(page, base, runner)
    add_to_cart(page, base, socks, 2)

    page.goto(base + reverse("cart:detail"))
    page.get_by_label("Coupon code").fill("spring10")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".cart-discount")).to_have_text("\u2212€10.00")
    fill_guest_checkout(page, payment="Card")

    expect(page.locator(".checkout-total")).to_have_text("€94.90")  # 100 - 10 + 4.90
    page.get_by_role("button", name=re.compile("Place order")).click()

    expect(page.get_by_role("heading", name="Test payment gateway")).to_be_visible()
    expect(page.locator(".gateway-amount")).to_have_text("€94.90")
    page.get_by_role("button", name="Approve payment").click()

    expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    expect(page.get_by_text("your payment was approved")).to_be_visible()
    order = Order.objects.get()
    expect(page.locator(".order-number")).to_have_text(order.number)
    assert (order.total, order.discount, order.status) == (
        Decimal("94.90"),
        Decimal("10.00"),
        OrderStatus.PAID,
    )

    log_in(page, base, "staff", PASSWORD)
    page.goto(base + reverse(Order.snippet_viewset.get_url_name("list")))
    row = page.locator("table.listing tbody tr").filter(has_text=order.number)
    expect(row).to_contain_text("guest@example.com")
    row.get_by_role("link").first.click()
    expect(page.get_by_text(order.number).first).to_be_visible()
    page.locator("form[data-order-status-form] button[value=shipped]").click()

    expect(page.get_by_text(re.compile("shipped", re.IGNORECASE)).first).to_be_visible()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert order.status_changes.last().actor.username == "staff"
