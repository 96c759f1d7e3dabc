"""On login the guest cart joins the account's: quantities added and capped by stock, no
duplicate lines, the guest cart gone, and a second merge changes nothing."""

from decimal import Decimal

import pytest

from commerce.cart.models import Cart, CartLine
from commerce.cart.services import merge_guest_cart, sync_cart
from tests.fixtures.cart import (
    CART_URL,
    client_cart,
    contents,
    guest_cart,
    page_changes,
    post_add,
    put,
    stocked_product,
)
from tests.fixtures.orders import make_coupon

pytestmark = pytest.mark.django_db


def test_quantities_of_the_same_product_are_added(shopper, boots, socks):
    own = Cart.objects.create(user=shopper)
    put(own, socks, 1)
    guest = guest_cart()
    put(guest, socks, 2)

    assert merge_guest_cart(token=guest.guest_token, user=shopper) == []

    assert contents(own) == {"Socks": (3, Decimal("4.50"))}
    assert CartLine.objects.filter(product=socks).count() == 1
    assert not Cart.objects.filter(pk=guest.pk).exists()


def test_added_quantities_are_capped_by_the_stock(shopper, boots):
    own = Cart.objects.create(user=shopper)
    put(own, boots, 2)
    guest = guest_cart()
    put(guest, boots, 4)  # 6 together, 5 in stock

    notes = merge_guest_cart(token=guest.guest_token, user=shopper)

    assert notes == ["Boots: only 5 available, quantity set to 5."]
    assert contents(own) == {"Boots": (5, Decimal("10.00"))}
    assert CartLine.objects.count() == 1


def test_added_quantities_are_capped_by_the_maximum(shopper, category, warehouse):
    pegs = stocked_product(category, warehouse, name="Pegs", stock=500)
    own = Cart.objects.create(user=shopper)
    put(own, pegs, 60)
    guest = guest_cart()
    put(guest, pegs, 50)

    notes = merge_guest_cart(token=guest.guest_token, user=shopper)

    assert notes == ["Pegs: at most 99 per order, quantity set to 99."]
    assert contents(own) == {"Pegs": (99, Decimal("10.00"))}


def test_a_line_already_above_the_stock_is_lowered_on_the_cart_page_with_a_message(
    client, shopper, category, warehouse
):
    boots = stocked_product(category, warehouse, name="Boots", stock=3)
    own = Cart.objects.create(user=shopper)
    put(own, boots, 3)
    post_add(client, boots, 2)
    boots.stock_records.update(quantity=1)  # sold meanwhile

    client.force_login(shopper)
    page = client.get(CART_URL)

    assert page_changes(page) == ["Boots: Only 1 left: quantity lowered to 1"]
    assert contents(own) == {"Boots": (1, Decimal("10.00"))}


def test_other_lines_move_over_and_the_guest_cart_goes(shopper, boots, socks):
    own = Cart.objects.create(user=shopper)
    put(own, boots, 1)
    guest = guest_cart()
    put(guest, socks, 2)
    put(guest, boots, 1)

    merge_guest_cart(token=guest.guest_token, user=shopper)

    assert contents(own) == {"Boots": (2, Decimal("10.00")), "Socks": (2, Decimal("4.50"))}
    assert list(Cart.objects.values_list("pk", flat=True)) == [own.pk]
    assert CartLine.objects.count() == 2


def test_the_guest_line_brings_the_price_seen_most_recently(shopper, boots):
    own = Cart.objects.create(user=shopper)
    put(own, boots, 1, seen="8.00")
    guest = guest_cart()
    put(guest, boots, 1, seen="10.00")

    merge_guest_cart(token=guest.guest_token, user=shopper)

    assert contents(own) == {"Boots": (2, Decimal("10.00"))}


def test_merging_twice_changes_nothing(shopper, boots, socks):
    own = Cart.objects.create(user=shopper)
    put(own, boots, 1)
    guest = guest_cart()
    put(guest, boots, 1)
    put(guest, socks, 1)
    merge_guest_cart(token=guest.guest_token, user=shopper)
    after_first = contents(own)

    assert merge_guest_cart(token=guest.guest_token, user=shopper) == []

    assert (
        contents(own)
        == after_first
        == {
            "Boots": (2, Decimal("10.00")),
            "Socks": (1, Decimal("4.50")),
        }
    )
    assert Cart.objects.count() == 1


def test_logging_in_again_changes_nothing(client, shopper, boots):
    post_add(client, boots, 2)
    client.force_login(shopper)
    client.force_login(shopper)

    assert contents(Cart.objects.get(user=shopper)) == {"Boots": (2, Decimal("10.00"))}
    assert Cart.objects.count() == 1


def test_a_user_without_a_cart_takes_the_guest_cart_over(client, shopper, boots, socks):
    post_add(client, boots, 2)
    post_add(client, socks, 1)
    guest = client_cart(client)

    client.force_login(shopper)

    cart = Cart.objects.get()
    assert (cart.pk, cart.user, cart.guest_token) == (guest.pk, shopper, None)
    assert contents(cart) == {"Boots": (2, Decimal("10.00")), "Socks": (1, Decimal("4.50"))}
    assert "guest_token" not in client.session


def test_a_login_without_a_guest_cart_creates_nothing(client, shopper):
    client.get(CART_URL)
    client.force_login(shopper)

    assert Cart.objects.count() == 0


def test_the_account_coupon_stays_and_a_guest_coupon_comes_along(shopper, boots):
    make_coupon("MINE")
    make_coupon("GUEST")
    own = Cart.objects.create(user=shopper, coupon_code="MINE", seen_coupon_terms="10% off")
    guest = guest_cart(coupon_code="GUEST", seen_coupon_terms="10% off")
    put(guest, boots, 1)
    merge_guest_cart(token=guest.guest_token, user=shopper)
    assert Cart.objects.get(pk=own.pk).coupon_code == "MINE"

    other = type(shopper).objects.create_user("bob", "bob@example.com", "pw")
    bobs = Cart.objects.create(user=other)
    guest = guest_cart(coupon_code="GUEST", seen_coupon_terms="10% off")
    put(guest, boots, 1)
    merge_guest_cart(token=guest.guest_token, user=other)
    bobs.refresh_from_db()
    assert (bobs.coupon_code, bobs.seen_coupon_terms) == ("GUEST", "10% off")
    assert sync_cart(cart=bobs).changes == []


def test_a_forged_or_foreign_token_merges_nothing(shopper, boots):
    other_users = Cart.objects.create(user=type(shopper).objects.create_user("bob"))
    put(other_users, boots, 1)

    assert merge_guest_cart(token="not-a-token", user=shopper) == []
    assert merge_guest_cart(token="", user=shopper) == []

    assert Cart.objects.count() == 1
    assert contents(other_users) == {"Boots": (1, Decimal("10.00"))}
