"""A sane maximum of lists per shopper and items per list, each with a clear message."""

import pytest
from django.urls import reverse

from commerce.lists import services
from commerce.lists.identity import Owner
from commerce.lists.models import MAX_ITEMS, MAX_LISTS, ListItem, ShoppingList
from tests.fixtures.cart import stocked_product
from tests.fixtures.lists import flashes, make_list, post_save, save

pytestmark = pytest.mark.django_db


def test_the_limits_are_sane():
    assert (MAX_LISTS, MAX_ITEMS) == (20, 100)


def test_one_list_too_many_is_refused_with_a_message(client, shopper, boots):
    owner = Owner(user=shopper)
    make_list(owner)
    for number in range(MAX_LISTS - 1):
        make_list(owner, f"List {number}")
    client.force_login(shopper)

    response = client.post(reverse("lists:create"), {"name": "One more"}, follow=True)

    assert flashes(response) == [
        "You can have at most 20 lists. Delete one to make room for another."
    ]
    assert ShoppingList.objects.count() == MAX_LISTS
    assert "the most allowed" in client.get("/lists/").content.decode()


def test_a_full_list_refuses_one_more_item_with_a_message(
    client, shopper, category, warehouse, monkeypatch
):
    monkeypatch.setattr(services, "MAX_ITEMS", 3)
    favourites = make_list(Owner(user=shopper))
    for _ in range(3):
        save(favourites, stocked_product(category, warehouse))
    extra = stocked_product(category, warehouse, name="Extra")
    client.force_login(shopper)

    response = post_save(client, extra, follow=True)

    assert flashes(response) == [
        "“Favourites” is full: a list holds at most 100 products. "
        "Remove one or choose another list."
    ]
    assert not ListItem.objects.filter(product=extra).exists()


def test_moving_into_a_full_list_is_refused(client, shopper, boots, socks, monkeypatch):
    monkeypatch.setattr(services, "MAX_ITEMS", 1)
    owner = Owner(user=shopper)
    favourites = make_list(owner)
    gifts = make_list(owner, "Gifts")
    item = save(favourites, boots)
    save(gifts, socks)
    client.force_login(shopper)

    client.post(reverse("lists:move_item", args=[item.pk]), {"list": gifts.pk})

    item.refresh_from_db()
    assert item.shopping_list_id == favourites.pk


def test_copying_a_shared_list_with_no_room_left_is_refused(client, shopper, boots):
    owner = Owner(user=shopper)
    make_list(owner)
    for number in range(MAX_LISTS - 1):
        make_list(owner, f"List {number}")
    shared = make_list(Owner(user=None, token="guest-token"), "Shared", share_token="s" * 43)
    save(shared, boots)
    client.force_login(shopper)

    response = client.post(reverse("lists:copy_shared", args=["s" * 43]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("lists:shared", args=["s" * 43])
    assert flashes(response) == [
        "You can have at most 20 lists. Delete one to make room for another."
    ]
    assert owner.lists().count() == MAX_LISTS
