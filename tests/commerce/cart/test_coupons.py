"""Applying a coupon to the cart: checked by commerce.coupons.validation, one per cart, each
refusal with a clear message and nothing changed."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.cart.models import Cart
from commerce.coupons.models import CouponKind
from tests.fixtures.cart import CART_URL, client_cart, flashes, post_add
from tests.fixtures.catalog import make_category
from tests.fixtures.orders import make_coupon, submit

pytestmark = pytest.mark.django_db


def apply(client, code, **extra):
    response = client.post("/cart/coupon/", {"code": code, **extra})
    assert (response.status_code, response.url) == (302, CART_URL)
    return client.get(CART_URL)


def applied(client) -> tuple:
    cart = client_cart(client) or Cart.objects.filter(user__isnull=False).first()
    return (cart.coupon_code, cart.seen_coupon_terms)


def totals(page) -> tuple:
    review = page.context["review"]
    return (review.subtotal, review.discount, review.total)


def test_a_percentage_coupon_in_any_case(client, boots):
    make_coupon("SPRING", kind=CouponKind.PERCENTAGE, value="10")
    post_add(client, boots, 3)

    page = apply(client, "  spring ", discount="30.00", total="0.01")

    assert flashes(page)[-1] == "Coupon SPRING applied: 10% off."
    assert applied(client) == ("SPRING", "10% off")
    assert totals(page) == (Decimal("30.00"), Decimal("3.00"), Decimal("27.00"))
    assert page.context["review"].changes == []
    assert "\N{MINUS SIGN}€3.00" in page.content.decode()


def test_a_fixed_coupon_never_takes_more_than_the_cart(client, socks):
    make_coupon("FIVER", kind=CouponKind.FIXED, value="5.00")
    post_add(client, socks, 1)

    page = apply(client, "FIVER")

    assert flashes(page)[-1] == "Coupon FIVER applied: €5.00 off."
    assert totals(page) == (Decimal("4.50"), Decimal("4.50"), Decimal("0.00"))


def test_a_free_delivery_coupon_takes_nothing_off_in_the_cart(client, boots):
    make_coupon("SHIP", kind=CouponKind.FREE_DELIVERY, value="0")
    post_add(client, boots, 1)

    page = apply(client, "ship")

    assert flashes(page)[-1] == "Coupon SHIP applied: Free delivery."
    assert totals(page) == (Decimal("10.00"), Decimal("0.00"), Decimal("10.00"))


def test_one_coupon_per_cart_the_last_one_wins(client, boots):
    make_coupon("SPRING", value="10")
    make_coupon("SUMMER", value="20")
    post_add(client, boots, 1)
    apply(client, "SPRING")

    page = apply(client, "SUMMER")

    assert applied(client) == ("SUMMER", "20% off")
    assert totals(page) == (Decimal("10.00"), Decimal("2.00"), Decimal("8.00"))


def test_removing_the_coupon(client, boots):
    make_coupon("SPRING")
    post_add(client, boots, 1)
    apply(client, "SPRING")

    client.post("/cart/coupon/remove/")
    page = client.get(CART_URL)

    assert flashes(page)[-1] == "Coupon SPRING removed."
    assert applied(client) == ("", "")
    assert totals(page) == (Decimal("10.00"), Decimal("0.00"), Decimal("10.00"))


REFUSALS = [
    ("NOPE", {}, "There is no coupon NOPE."),
    ("OFF", {"is_active": False}, "Coupon OFF is no longer valid."),
    ("OLD", {"valid_until": timezone.now() - timedelta(days=1)}, "Coupon OLD expired."),
    (
        "SOON",
        {"valid_from": datetime(2099, 3, 1, 9, 30, tzinfo=UTC)},
        "Coupon SOON is not valid yet (valid from 1 March 2099, 09:30).",
    ),
    ("GONE", {"usage_limit": 2, "times_used": 2}, "Coupon GONE has been used up."),
    (
        "BIG",
        {"minimum_subtotal": Decimal("50.00")},
        "Coupon BIG needs a cart value of at least €50.00.",
    ),
]


@pytest.mark.parametrize(("code", "fields", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_coupon_says_why_and_changes_nothing(client, boots, code, fields, message):
    make_coupon("KEPT", value="10")
    if code != "NOPE":
        make_coupon(code, **fields)
    post_add(client, boots, 2)
    apply(client, "KEPT")

    page = apply(client, code.lower())

    assert flashes(page)[-1] == message
    assert applied(client) == ("KEPT", "10% off")
    assert totals(page) == (Decimal("20.00"), Decimal("2.00"), Decimal("18.00"))


def test_a_coupon_for_other_categories_is_refused(client, boots):
    bags = make_category("Bags")
    make_coupon("BAGS", categories=[bags])
    post_add(client, boots, 1)

    page = apply(client, "BAGS")

    assert flashes(page)[-1] == "Coupon BAGS does not apply to anything in your cart."
    assert applied(client) == ("", "")


def test_the_per_customer_limit_counts_for_a_logged_in_shopper(client, shopper, boots, methods):
    make_coupon("ONCE", per_customer_limit=1)
    submit(
        [(boots, 1)],
        coupon_code="ONCE",
        email=shopper.email,
        user=shopper,
        expected_total="13.90",
        **methods,
    )
    client.force_login(shopper)
    post_add(client, boots, 1)

    page = apply(client, "ONCE")

    assert flashes(page)[-1] == "You have already used coupon ONCE as often as it allows."
    assert Cart.objects.get(user=shopper).coupon_code == ""


def test_no_coupon_on_an_empty_cart_or_without_a_code(client, boots):
    make_coupon("SPRING")

    assert flashes(apply(client, "SPRING")) == ["Your cart is empty."]
    assert flashes(apply(client, "   ")) == ["Enter a coupon code."]
    assert Cart.objects.count() == 0
