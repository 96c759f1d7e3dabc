"""A shopper's lists from the first save to deletion, as a guest and with an account."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from tests.fixtures.lists import (
    LISTS_URL,
    client_owner,
    contents,
    detail_url,
    flashes,
    make_list,
    names,
    post_save,
    save,
)

pytestmark = pytest.mark.django_db


def test_a_guests_first_save_makes_the_favourites_list_keyed_by_a_session_token(client, boots):
    response = post_save(client, boots, next="/products/x/")

    assert response.status_code == 302 and response["Location"] == "/products/x/"
    token = client.session["guest_token"]
    assert len(token) == 43  # secrets.token_urlsafe(32)
    assert token != client.session.session_key
    favourites = ShoppingList.objects.get()
    assert (favourites.name, favourites.is_default) == ("Favourites", True)
    assert (favourites.guest_token, favourites.user) == (token, None)
    assert contents(favourites) == {"Boots": (Decimal("10.00"), "")}
    page = client.get(LISTS_URL)
    assert token not in page.content.decode()
    assert all(token not in morsel.value for morsel in client.cookies.values())


def test_saving_the_same_product_twice_keeps_one_item_and_says_so(client, boots):
    post_save(client, boots)
    response = post_save(client, boots, follow=True)

    assert flashes(response)[-1] == "Boots is already in “Favourites”."
    assert ListItem.objects.count() == 1


def test_guest_creates_renames_fills_moves_and_deletes_lists(client, boots, socks):
    post_save(client, boots)
    response = client.post(reverse("lists:create"), {"name": "  Gifts   for  Tom "})
    owner = client_owner(client)
    gifts = owner.lists().get(name="Gifts for Tom")
    assert response["Location"] == detail_url(gifts)

    post_save(client, socks, list=gifts.pk, note="size 42")
    client.post(reverse("lists:rename", args=[gifts.pk]), {"name": "Birthday"})
    assert names(owner) == ["Favourites", "Birthday"]
    assert contents(gifts) == {"Socks": (Decimal("4.50"), "size 42")}

    boots_item = ListItem.objects.get(product=boots)
    client.post(reverse("lists:move_item", args=[boots_item.pk]), {"list": gifts.pk})
    assert set(contents(gifts)) == {"Boots", "Socks"}
    favourites = owner.lists().get(is_default=True)
    assert contents(favourites) == {}

    socks_item = ListItem.objects.get(product=socks)
    client.post(reverse("lists:note", args=[socks_item.pk]), {"note": "size 43"})
    client.post(reverse("lists:remove_item", args=[boots_item.pk]))
    assert contents(gifts) == {"Socks": (Decimal("4.50"), "size 43")}

    response = client.post(reverse("lists:delete", args=[gifts.pk]), follow=True)
    assert flashes(response)[-1] == "List “Birthday” deleted."
    assert names(owner) == ["Favourites"]
    assert ListItem.objects.count() == 0


def test_a_logged_in_shoppers_lists_belong_to_the_account(client, shopper, boots):
    client.force_login(shopper)
    post_save(client, boots)

    favourites = ShoppingList.objects.get()
    assert (favourites.user, favourites.guest_token) == (shopper, None)
    assert "guest_token" not in client.session
    page = client.get(LISTS_URL)
    assert [shopping_list.name for shopping_list in page.context["lists"]] == ["Favourites"]
    assert page.context["lists"][0].item_count == 1


def test_the_index_shows_every_list_with_its_count(client, shopper, boots, socks):
    owner = Owner(user=shopper)
    favourites = make_list(owner)
    gifts = make_list(owner, "Gifts")
    make_list(owner, "Empty")
    save(favourites, boots)
    save(gifts, boots)
    save(gifts, socks)
    client.force_login(shopper)

    page = client.get(LISTS_URL)

    shown = [(item.name, item.item_count) for item in page.context["lists"]]
    assert shown == [("Favourites", 1), ("Gifts", 2), ("Empty", 0)]
    html = page.content.decode()
    assert "2 items" in html and "1 item<" in html and "0 items" in html


def test_the_default_list_cannot_be_deleted(client, boots):
    post_save(client, boots)
    favourites = ShoppingList.objects.get()

    response = client.post(reverse("lists:delete", args=[favourites.pk]), follow=True)

    assert flashes(response)[-1] == (
        "“Favourites” is your default list and cannot be deleted; remove its items instead."
    )
    assert ShoppingList.objects.count() == 1 and ListItem.objects.count() == 1


def test_a_duplicate_name_is_refused_whatever_its_case(client, boots):
    post_save(client, boots)
    client.post(reverse("lists:create"), {"name": "Gifts"})

    response = client.post(reverse("lists:create"), {"name": "gIFTS"}, follow=True)

    assert flashes(response)[-1] == "You already have a list called “gIFTS”."
    assert names(client_owner(client)) == ["Favourites", "Gifts"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_bad_list_name_gets_a_clear_message(client, name):
    response = client.post(reverse("lists:create"), {"name": name}, follow=True)

    assert flashes(response) == ["Enter a list name of 1 to 80 characters."]
    assert ShoppingList.objects.count() == 0


def test_a_too_long_note_is_refused_and_the_old_note_kept(client, boots):
    post_save(client, boots, note="blue")
    item = ListItem.objects.get()

    response = client.post(reverse("lists:note", args=[item.pk]), {"note": "x" * 201}, follow=True)

    assert flashes(response)[-1] == "A note can have at most 200 characters."
    item.refresh_from_db()
    assert item.note == "blue"


def test_moving_onto_the_same_product_keeps_one_item_with_the_newer_note(client, shopper, boots):
    from datetime import timedelta

    owner = Owner(user=shopper)
    favourites = make_list(owner)
    gifts = make_list(owner, "Gifts")
    old = save(gifts, boots, seen="12.00", note="for Tom", ago=timedelta(days=3))
    new = save(favourites, boots, seen="10.00", note="", ago=timedelta(days=1))
    client.force_login(shopper)

    client.post(reverse("lists:move_item", args=[new.pk]), {"list": gifts.pk})

    assert contents(gifts) == {"Boots": (Decimal("10.00"), "for Tom")}
    assert contents(favourites) == {}
    assert ListItem.objects.filter(pk=old.pk).exists()


def test_saving_a_hidden_or_unknown_product_is_a_bad_request(client, category):
    from commerce.catalog.models import ProductStatus
    from tests.fixtures.catalog import make_product

    hidden = make_product(category, status=ProductStatus.HIDDEN)

    assert post_save(client, hidden).status_code == 400
    assert client.post(reverse("lists:save"), {"product": "abc"}).status_code == 400
    assert client.post(reverse("lists:save"), {"product": 999999}).status_code == 400
    assert ShoppingList.objects.count() == 0


def test_a_disabled_product_can_be_saved_and_shows_as_unavailable(client, category, warehouse):
    from commerce.catalog.models import ProductStatus
    from tests.fixtures.cart import stocked_product

    lamp = stocked_product(category, warehouse, name="Lamp", status=ProductStatus.DISABLED)
    post_save(client, lamp)

    page = client.get(detail_url(ShoppingList.objects.get()))

    [entry] = page.context["list_page"].entries
    assert (entry.state, entry.label, entry.is_buyable) == (
        "unavailable",
        "Currently unavailable",
        False,
    )


def test_the_choose_page_saves_to_a_new_list(client, boots):
    post_save(client, boots)
    page = client.get(reverse("lists:choose", args=[boots.pk]))
    assert [choice.name for choice in page.context["choices"]] == ["Favourites"]

    response = post_save(client, boots, new_list="Wish list", list=page.context["choices"][0].pk)

    assert response.status_code == 302
    owner = client_owner(client)
    assert names(owner) == ["Favourites", "Wish list"]
    assert set(contents(owner.lists().get(name="Wish list"))) == {"Boots"}


def test_an_offsite_next_is_ignored(client, boots):
    response = post_save(client, boots, next="https://evil.example/")

    assert response["Location"] == LISTS_URL
