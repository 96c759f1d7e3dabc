"""The services as other code calls them (checkout, commands): typed refusals that change
nothing."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from commerce.cart import services
from commerce.cart.exceptions import (
    CartGone,
    InvalidQuantity,
    LineNotFound,
    NotEnoughStock,
    ProductUnavailable,
)
from commerce.cart.models import Cart
from tests.fixtures.cart import contents, guest_cart, put
from tests.fixtures.catalog import only_variant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", None, True, 100, Decimal("2")])
def test_only_whole_numbers_from_1_to_99(boots, quantity):
    cart = guest_cart()
    put(cart, boots, 2)

    with pytest.raises(InvalidQuantity) as add:
        services.add_line(cart=cart, product_id=boots.pk, quantity=quantity)
    with pytest.raises(InvalidQuantity):
        services.set_quantity(cart=cart, variant_id=only_variant(boots).pk, quantity=quantity)

    assert add.value.message == "Enter a whole number from 1 to 99."
    assert contents(cart) == {"Boots": (2, Decimal("10.00"))}


@pytest.mark.parametrize("product_id", ["1", None, True, 0, -5, 10**6])
def test_a_bad_or_unknown_product_id_is_refused(boots, product_id):
    cart = guest_cart()

    with pytest.raises(ProductUnavailable):
        services.add_line(cart=cart, product_id=product_id, quantity=1)

    assert contents(cart) == {}


def test_a_new_cart_is_saved_only_with_its_first_line(boots):
    cart = Cart(guest_token="t" * 43)
    with pytest.raises(NotEnoughStock) as refusal:
        services.add_line(cart=cart, product_id=boots.pk, quantity=6)
    assert (refusal.value.requested, refusal.value.available, refusal.value.in_cart) == (6, 5, 0)
    assert Cart.objects.count() == 0

    line = services.add_line(cart=Cart(guest_token="t" * 43), product_id=boots.pk, quantity=5)

    assert (line.quantity, line.seen_unit_price, line.cart.guest_token) == (
        5,
        Decimal("10.00"),
        "t" * 43,
    )


def test_an_account_cart_is_found_or_made_once(shopper, boots, socks):
    services.add_line(cart=Cart(user=shopper), product_id=boots.pk, quantity=1)
    services.add_line(cart=Cart(user=shopper), product_id=socks.pk, quantity=1)

    cart = Cart.objects.get()
    assert contents(cart) == {"Boots": (1, Decimal("10.00")), "Socks": (1, Decimal("4.50"))}


def test_lines_of_other_carts_are_out_of_reach(boots):
    mine, theirs = guest_cart(), guest_cart()
    put(theirs, boots, 2)

    with pytest.raises(LineNotFound):
        services.set_quantity(cart=mine, variant_id=only_variant(boots).pk, quantity=1)
    with pytest.raises(LineNotFound):
        services.remove_line(cart=mine, variant_id=only_variant(boots).pk)
    services.empty_cart(cart=mine)

    assert contents(theirs) == {"Boots": (2, Decimal("10.00"))}


def test_a_cart_deleted_meanwhile(boots):
    cart = guest_cart()
    Cart.objects.filter(pk=cart.pk).delete()

    with pytest.raises(CartGone):
        services.add_line(cart=cart, product_id=boots.pk, quantity=1)
    assert services.sync_cart(cart=cart).is_empty
    assert Cart.objects.count() == 0


def test_removing_the_last_line_takes_the_coupon(boots, socks):
    cart = guest_cart(coupon_code="SPRING", seen_coupon_terms="10% off")
    put(cart, boots, 1)
    put(cart, socks, 1)

    services.remove_line(cart=cart, variant_id=only_variant(boots).pk)
    cart.refresh_from_db()
    assert cart.coupon_code == "SPRING"

    services.remove_line(cart=cart, variant_id=only_variant(socks).pk)
    cart.refresh_from_db()
    assert (cart.coupon_code, cart.seen_coupon_terms) == ("", "")


def test_stale_guest_carts_are_deleted_account_carts_stay(shopper, boots):
    old, fresh = guest_cart(), guest_cart()
    put(old, boots, 1)
    own = Cart.objects.create(user=shopper)
    long_ago = timezone.now() - timedelta(days=31)
    Cart.objects.filter(pk__in=[old.pk, own.pk]).update(updated_at=long_ago)

    out = io.StringIO()
    call_command("delete_stale_carts", "--days", "30", stdout=out)

    assert sorted(Cart.objects.values_list("pk", flat=True)) == sorted([fresh.pk, own.pk])
    assert out.getvalue() == "Deleted 1 guest cart(s) unchanged for 30 days.\n"
