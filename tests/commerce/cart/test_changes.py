"""Every cart view re-prices and re-checks the cart and shows, line by line, what changed
since the shopper last saw it; showing it records it as seen."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.cart.models import Cart
from commerce.cart.selectors import cart_is_current
from commerce.cart.services import sync_cart
from commerce.catalog.models import Category, Product, ProductStatus
from commerce.coupons.models import Coupon
from commerce.stock.models import StockRecord, Warehouse
from tests.fixtures.cart import (
    CART_URL,
    client_cart,
    contents,
    page_changes,
    post_add,
    stocked_product,
)
from tests.fixtures.orders import make_coupon

pytestmark = pytest.mark.django_db


def set_price(product, price):
    Product.objects.filter(pk=product.pk).update(price=Decimal(price))


def set_units(product, quantity):
    StockRecord.objects.filter(product=product).update(quantity=quantity)


def test_a_new_price_is_shown_once_and_used(client, boots, socks):
    post_add(client, boots, 2)
    post_add(client, socks, 1)
    set_price(boots, "12.00")
    cart = client_cart(client)
    assert not cart_is_current(cart)

    page = client.get(CART_URL)

    assert page_changes(page) == ["Boots: Price changed from €10.00 to €12.00"]
    review = page.context["review"]
    assert [(line.product.name, line.unit_price, line.line_total) for line in review.lines] == [
        ("Boots", Decimal("12.00"), Decimal("24.00")),
        ("Socks", Decimal("4.50"), Decimal("4.50")),
    ]
    assert review.total == Decimal("28.50")
    assert "Price changed from €10.00 to €12.00" in page.content.decode()
    assert contents(cart)["Boots"] == (2, Decimal("12.00"))
    assert cart_is_current(cart)
    assert page_changes(client.get(CART_URL)) == []


def test_less_stock_lowers_the_quantity(client, boots):
    post_add(client, boots, 4)
    set_units(boots, 2)

    page = client.get(CART_URL)

    assert page_changes(page) == ["Boots: Only 2 left: quantity lowered to 2"]
    assert contents(client_cart(client)) == {"Boots": (2, Decimal("10.00"))}
    assert page.context["review"].total == Decimal("20.00")
    assert page_changes(client.get(CART_URL)) == []


def test_a_price_change_and_less_stock_on_one_line(client, boots):
    post_add(client, boots, 4)
    set_price(boots, "9.00")
    set_units(boots, 3)

    page = client.get(CART_URL)

    assert page_changes(page) == [
        "Boots: Price changed from €10.00 to €9.00",
        "Boots: Only 3 left: quantity lowered to 3",
    ]
    assert page.context["review"].total == Decimal("27.00")


@pytest.mark.parametrize(
    "make_unavailable",
    [
        lambda p: Product.objects.filter(pk=p.pk).update(status=ProductStatus.DISABLED),
        lambda p: Product.objects.filter(pk=p.pk).update(status=ProductStatus.HIDDEN),
        lambda p: Product.objects.filter(pk=p.pk).update(live=False),
        lambda p: Category.objects.filter(pk=p.category_id).update(is_listed=False),
        lambda p: p.delete(),
    ],
    ids=["disabled", "hidden", "unpublished", "category off", "deleted"],
)
def test_a_product_no_longer_sold_is_removed(client, category, warehouse, make_unavailable):
    boots = stocked_product(category, warehouse, name="Boots", stock=5)
    other = Category.objects.create(name="Socks", slug="socks")
    socks = stocked_product(other, warehouse, name="Socks", price="4.50")
    post_add(client, boots, 2)
    post_add(client, socks, 1)
    make_unavailable(boots)

    page = client.get(CART_URL)

    assert page_changes(page) == ["Boots: No longer available: removed"]
    assert "No longer available: removed" in page.content.decode()
    assert contents(client_cart(client)) == {"Socks": (1, Decimal("4.50"))}
    assert page.context["review"].total == Decimal("4.50")
    assert page_changes(client.get(CART_URL)) == []


@pytest.mark.parametrize(
    "sell_out",
    [
        lambda p: set_units(p, 0),
        lambda p: Warehouse.objects.update(is_active=False),
        lambda p: StockRecord.objects.filter(product=p).delete(),
    ],
    ids=["sold", "warehouse closed", "stock row gone"],
)
def test_a_sold_out_product_is_removed(client, boots, sell_out):
    post_add(client, boots, 2)
    sell_out(boots)

    page = client.get(CART_URL)

    assert page_changes(page) == ["Boots: Out of stock: removed"]
    assert contents(client_cart(client)) == {}
    assert page.context["review"].is_empty


def apply(client, code):
    return client.post("/cart/coupon/", {"code": code})


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            {"valid_until": timezone.now() - timedelta(minutes=1)},
            "Coupon SPRING expired: removed",
        ),
        (
            {"valid_from": datetime(2099, 1, 1, 10, 0, tzinfo=UTC)},
            "Coupon SPRING is not valid yet (valid from 1 January 2099, 10:00): removed",
        ),
        ({"usage_limit": 3, "times_used": 3}, "Coupon SPRING has been used up: removed"),
        ({"is_active": False}, "Coupon SPRING is no longer valid: removed"),
        (
            {"minimum_subtotal": Decimal("50.00")},
            "Coupon SPRING needs a cart value of at least €50.00: removed",
        ),
    ],
    ids=["expired", "not yet valid", "used up", "inactive", "below minimum"],
)
def test_a_coupon_that_no_longer_holds_is_dropped(client, boots, spoil, message):
    make_coupon("SPRING", kind="percentage", value="10")
    post_add(client, boots, 2)
    apply(client, "spring")
    assert client.get(CART_URL).context["review"].discount == Decimal("2.00")
    Coupon.objects.filter(code="SPRING").update(**spoil)

    page = client.get(CART_URL)

    assert page_changes(page) == [message]
    review = page.context["review"]
    assert (review.coupon_code, review.discount, review.total) == (
        "",
        Decimal("0.00"),
        Decimal("20.00"),
    )
    assert Cart.objects.get().coupon_code == ""
    assert page_changes(client.get(CART_URL)) == []


def test_a_deleted_coupon_is_dropped(client, boots):
    make_coupon("SPRING")
    post_add(client, boots, 1)
    apply(client, "SPRING")
    Coupon.objects.all().delete()

    assert page_changes(client.get(CART_URL)) == ["Coupon SPRING no longer exists: removed"]


def test_a_coupon_falls_below_its_minimum_when_a_price_drops(client, boots):
    make_coupon("BIG", kind="fixed", value="5.00", minimum_subtotal="20.00")
    post_add(client, boots, 2)
    apply(client, "BIG")
    set_price(boots, "9.00")

    page = client.get(CART_URL)

    assert page_changes(page) == [
        "Boots: Price changed from €10.00 to €9.00",
        "Coupon BIG needs a cart value of at least €20.00: removed",
    ]
    assert page.context["review"].total == Decimal("18.00")


def test_a_coupon_whose_terms_changed_is_shown_again(client, boots):
    make_coupon("SPRING", kind="percentage", value="10")
    post_add(client, boots, 2)
    apply(client, "SPRING")
    Coupon.objects.update(value=Decimal("5"))

    page = client.get(CART_URL)

    assert page_changes(page) == ["Coupon SPRING now gives 5% off (was 10% off)"]
    assert page.context["review"].discount == Decimal("1.00")
    assert page_changes(client.get(CART_URL)) == []


def test_the_cart_is_current_only_once_the_shopper_has_seen_it(client, boots, socks):
    make_coupon("SPRING")
    post_add(client, boots, 3)
    post_add(client, socks, 1)
    apply(client, "SPRING")
    cart = client_cart(client)
    assert cart_is_current(cart)

    set_units(socks, 0)
    Coupon.objects.update(valid_until=timezone.now() - timedelta(seconds=1))
    assert not cart_is_current(cart)
    assert contents(cart) == {"Boots": (3, Decimal("10.00")), "Socks": (1, Decimal("4.50"))}

    review = sync_cart(cart=cart)

    assert [str(change) for change in review.changes] == [
        "Socks: Out of stock: removed",
        "Coupon SPRING expired: removed",
    ]
    assert cart_is_current(cart)
    assert sync_cart(cart=cart).changes == []
