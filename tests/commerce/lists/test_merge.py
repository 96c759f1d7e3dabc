"""On login the guest's lists join the account's: the default lists merge without duplicate
products (the newer saved price and note kept), other lists move with a free name, nothing
is lost, and a second merge changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from commerce.lists.services import merge_guest_lists
from tests.fixtures.cart import stocked_product
from tests.fixtures.lists import (
    LISTS_URL,
    client_owner,
    contents,
    guest_owner,
    make_list,
    names,
    post_save,
    save,
)

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return sorted(
        ListItem.objects.values_list(
            "shopping_list__name",
            "shopping_list__user",
            "shopping_list__guest_token",
            "product_name",
            "price_when_added",
            "note",
        )
    ) + sorted(ShoppingList.objects.values_list("pk", "name", "user", "guest_token", "is_default"))


def test_default_lists_merge_keeping_the_newer_price_and_note_per_product(
    shopper, boots, socks, category, warehouse
):
    hat = stocked_product(category, warehouse, name="Hat", price="20.00")
    scarf = stocked_product(category, warehouse, name="Scarf", price="15.00")
    mine = make_list(Owner(user=shopper))
    save(mine, boots, seen="11.00", note="old note", ago=timedelta(days=5))
    save(mine, socks, seen="5.00", note="account's newer", ago=timedelta(days=1))
    save(mine, hat, seen="20.00", note="keep me", ago=timedelta(days=9))
    guest = guest_owner()
    theirs = make_list(guest)
    save(theirs, boots, seen="10.00", note="guest's newer", ago=timedelta(days=2))
    save(theirs, socks, seen="4.00", note="guest's older", ago=timedelta(days=3))
    save(theirs, hat, seen="18.00", note="", ago=timedelta(days=1))  # newer, without a note
    save(theirs, scarf, seen="15.00")

    assert merge_guest_lists(token=guest.token, user=shopper) == []

    assert contents(mine) == {
        "Boots": (Decimal("10.00"), "guest's newer"),
        "Socks": (Decimal("5.00"), "account's newer"),
        "Hat": (Decimal("18.00"), "keep me"),  # the newer price; the only note kept
        "Scarf": (Decimal("15.00"), ""),
    }
    assert ListItem.objects.count() == 4
    assert not ShoppingList.objects.filter(guest_token=guest.token).exists()
    assert names(Owner(user=shopper)) == ["Favourites"]


def test_custom_names_that_clash_get_the_first_free_suffix(shopper, boots, socks):
    account = Owner(user=shopper)
    make_list(account)
    make_list(account, "Gifts")
    make_list(account, "Gifts (2)")
    make_list(account, "Books")
    guest = guest_owner()
    make_list(guest)
    guest_gifts = make_list(guest, "gifts")
    save(guest_gifts, boots)
    save(make_list(guest, "Books"), socks)
    make_list(guest, "Garden")

    notes = merge_guest_lists(token=guest.token, user=shopper)

    assert names(account) == [
        "Favourites",
        "Gifts",
        "Gifts (2)",
        "Books",
        "gifts (3)",
        "Books (2)",
        "Garden",
    ]
    assert notes == [
        "You already had a list called “gifts”: the one you made before logging in is now "
        "called “gifts (3)”.",
        "You already had a list called “Books”: the one you made before logging in is now "
        "called “Books (2)”.",
    ]
    guest_gifts.refresh_from_db()
    assert (guest_gifts.user, guest_gifts.guest_token, guest_gifts.is_default) == (
        shopper,
        None,
        False,
    )
    assert set(contents(guest_gifts)) == {"Boots"}


def test_two_guests_clashing_with_the_same_name_get_2_then_3(shopper):
    account = Owner(user=shopper)
    make_list(account)
    make_list(account, "Gifts")
    for _ in range(2):
        guest = guest_owner()
        make_list(guest, "Gifts")
        merge_guest_lists(token=guest.token, user=shopper)

    assert names(account) == ["Favourites", "Gifts", "Gifts (2)", "Gifts (3)"]


def test_merging_twice_changes_nothing(shopper, boots, socks):
    make_list(Owner(user=shopper))
    guest = guest_owner()
    save(make_list(guest), boots)
    save(make_list(guest, "Gifts"), socks)
    merge_guest_lists(token=guest.token, user=shopper)
    after_first = snapshot()

    assert merge_guest_lists(token=guest.token, user=shopper) == []
    assert snapshot() == after_first


def test_a_guest_default_list_becomes_the_accounts_when_it_has_none(shopper, boots):
    guest = guest_owner()
    favourites = make_list(guest)
    save(favourites, boots, note="size 44")

    merge_guest_lists(token=guest.token, user=shopper)

    favourites.refresh_from_db()
    assert (favourites.user, favourites.is_default, favourites.name) == (
        shopper,
        True,
        "Favourites",
    )
    assert contents(favourites) == {"Boots": (Decimal("10.00"), "size 44")}


def test_a_guest_with_no_lists_changes_nothing(shopper, boots):
    mine = make_list(Owner(user=shopper))
    save(mine, boots)
    before = snapshot()

    assert merge_guest_lists(token=guest_owner().token, user=shopper) == []
    assert merge_guest_lists(token="", user=shopper) == []
    assert snapshot() == before


def test_a_shared_guest_list_keeps_its_link_after_the_merge(client, shopper, boots):
    guest = guest_owner()
    gifts = make_list(guest, "Gifts", share_token="t" * 43)
    save(gifts, boots)

    merge_guest_lists(token=guest.token, user=shopper)

    assert client.get(f"/lists/shared/{'t' * 43}/").status_code == 200


def test_the_merge_never_drops_items_beyond_the_limits(shopper, category, warehouse, monkeypatch):
    from commerce.lists import services

    monkeypatch.setattr(services, "MAX_ITEMS", 2)
    monkeypatch.setattr(services, "MAX_LISTS", 1)
    products = [stocked_product(category, warehouse) for _ in range(3)]
    mine = make_list(Owner(user=shopper))
    save(mine, products[0])
    guest = guest_owner()
    theirs = make_list(guest)
    for product in products[1:]:
        save(theirs, product)
    save(make_list(guest, "Gifts"), products[0])

    merge_guest_lists(token=guest.token, user=shopper)

    assert ListItem.objects.filter(shopping_list=mine).count() == 3
    assert names(Owner(user=shopper)) == ["Favourites", "Gifts"]


def test_logging_in_on_the_login_page_merges_the_guests_lists(client, shopper, boots, socks):
    own = make_list(Owner(user=shopper))
    save(own, socks)
    post_save(client, boots)
    client.post(reverse("lists:create"), {"name": "Gifts"})
    guest = client_owner(client)
    guest_key = client.session.session_key

    response = client.post(
        reverse("accounts:login"), {"email": shopper.email, "password": "correct horse"}
    )

    assert response.status_code == 302
    assert client.session.session_key != guest_key
    assert "guest_token" not in client.session
    assert not ShoppingList.objects.filter(guest_token=guest.token).exists()
    assert names(Owner(user=shopper)) == ["Favourites", "Gifts"]
    assert set(contents(own)) == {"Boots", "Socks"}


def test_force_login_merges_and_forgets_the_guest_token(client, shopper, boots):
    post_save(client, boots)

    client.force_login(shopper)

    assert "guest_token" not in client.session
    page = client.get(LISTS_URL)
    assert [(item.name, item.item_count) for item in page.context["lists"]] == [("Favourites", 1)]
    assert ShoppingList.objects.get().user == shopper
