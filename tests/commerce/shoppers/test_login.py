"""On login the one guest token is handed over once: the cart and the lists both merge, a
second login merges nothing, and logging out starts a new guest."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.cart.models import Cart
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from commerce.shoppers import identity, login
from tests.fixtures.cart import client_cart, contents, flashes, guest_cart, post_add, put
from tests.fixtures.lists import LISTS_URL, guest_owner, make_list, names, post_save
from tests.fixtures.lists import contents as list_contents

pytestmark = pytest.mark.django_db


def log_in(client, user):
    return client.post(
        reverse("accounts:login"), {"email": user.email, "password": "correct horse"}
    )


def test_a_guest_with_a_cart_and_lists_logs_in_and_both_merge(client, shopper, boots, socks):
    own_cart = Cart.objects.create(user=shopper)
    put(own_cart, socks, 1)
    own_list = make_list(Owner(user=shopper))
    post_add(client, boots, 2)
    post_save(client, socks)
    client.post(reverse("lists:create"), {"name": "Gifts"})
    token, guest_key = client.session[identity.SESSION_KEY], client.session.session_key

    response = log_in(client, shopper)

    assert response.status_code == 302
    assert client.session.session_key != guest_key
    assert identity.SESSION_KEY not in client.session
    assert contents(own_cart) == {"Boots": (2, Decimal("10.00")), "Socks": (1, Decimal("4.50"))}
    assert names(Owner(user=shopper)) == ["Favourites", "Gifts"]
    assert set(list_contents(own_list)) == {"Socks"}
    assert not Cart.objects.filter(guest_token=token).exists()
    assert not ShoppingList.objects.filter(guest_token=token).exists()


def test_every_merge_gets_the_token_once_and_a_second_login_merges_nothing(
    client, shopper, boots, monkeypatch
):
    calls = []

    def merge_one(*, token, user):
        calls.append(("one", token, user))
        return ["One merged."]

    def merge_two(*, token, user):
        calls.append(("two", token, user))
        return ["Two merged."]

    monkeypatch.setattr(login, "_merges", [merge_one, merge_two])
    post_add(client, boots, 1)
    token = client.session[identity.SESSION_KEY]

    log_in(client, shopper)
    log_in(client, shopper)

    assert calls == [("one", token, shopper), ("two", token, shopper)]
    assert flashes(client.get(LISTS_URL)) == [
        "Added 1 × Boots (€10.00 each) to your cart.",
        "One merged.",
        "Two merged.",
    ]


def test_logging_in_again_changes_nothing_in_the_account(client, shopper, boots, socks):
    post_add(client, boots, 2)
    post_save(client, socks)
    log_in(client, shopper)
    client.get(LISTS_URL)  # the merge's messages are shown

    log_in(client, shopper)

    assert contents(Cart.objects.get(user=shopper)) == {"Boots": (2, Decimal("10.00"))}
    assert names(Owner(user=shopper)) == ["Favourites"]
    assert (Cart.objects.count(), ShoppingList.objects.count()) == (1, 1)
    assert flashes(client.get(LISTS_URL)) == []


def test_logging_out_starts_a_new_guest(client, shopper, boots, socks):
    post_add(client, boots, 1)
    old_token = client.session[identity.SESSION_KEY]
    log_in(client, shopper)

    client.post(reverse("accounts:logout"))
    post_add(client, socks, 3)
    post_save(client, socks)

    new_token = client.session[identity.SESSION_KEY]
    assert new_token != old_token
    assert contents(client_cart(client)) == {"Socks": (3, Decimal("4.50"))}
    assert names(Owner(token=new_token)) == ["Favourites"]
    assert contents(Cart.objects.get(user=shopper)) == {"Boots": (1, Decimal("10.00"))}
    assert names(Owner(user=shopper)) == []


def test_an_old_session_logging_in_merges_its_cart_and_its_lists(client, shopper, boots, socks):
    cart = guest_cart()
    put(cart, boots, 2)
    lists_owner = guest_owner()
    make_list(lists_owner, "Gifts", default=True)
    session = client.session
    session.update({"cart_token": cart.guest_token, "lists_token": lists_owner.token})
    session.save()

    log_in(client, shopper)

    assert contents(Cart.objects.get(user=shopper)) == {"Boots": (2, Decimal("10.00"))}
    assert names(Owner(user=shopper)) == ["Gifts"]
    assert not {"cart_token", "lists_token", identity.SESSION_KEY} & set(client.session.keys())
