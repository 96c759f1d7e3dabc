"""The owner fields moved to `ShopperOwned` without losing a cart or a list: the migrations
run on a database that holds guest and account carts and lists."""

import pytest

from tests.fixtures.migrations import migrate

BEFORE = [("cart", "0001_initial"), ("lists", "0001_initial")]
AFTER = [("cart", "0002_shopper_owned"), ("lists", "0002_shopper_owned")]


@pytest.mark.django_db(transaction=True)
def test_existing_carts_and_lists_keep_their_owners(back_to_the_latest):
    old = migrate(BEFORE)
    users = old.get_model("auth", "User").objects
    ada, bob = users.create(username="ada"), users.create(username="bob")
    old_cart, old_list = old.get_model("cart", "Cart"), old.get_model("lists", "ShoppingList")
    guest_cart = old_cart.objects.create(token="g" * 43)
    own_cart = old_cart.objects.create(user=ada, coupon_code="SAVE10")
    guest_list = old_list.objects.create(guest_token="l" * 43, name="Favourites", is_default=True)
    own_list = old_list.objects.create(user=bob, name="Gifts")

    new = migrate(AFTER)
    carts = new.get_model("cart", "Cart").objects
    lists = new.get_model("lists", "ShoppingList").objects

    assert sorted(carts.values_list("pk", "guest_token", "user", "coupon_code")) == [
        (guest_cart.pk, "g" * 43, None, ""),
        (own_cart.pk, None, ada.pk, "SAVE10"),
    ]
    assert sorted(lists.values_list("pk", "guest_token", "user", "name")) == [
        (guest_list.pk, "l" * 43, None, "Favourites"),
        (own_list.pk, None, bob.pk, "Gifts"),
    ]
