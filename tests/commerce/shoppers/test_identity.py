"""One guest token per visitor, in the session data, for the cart and the lists alike; nothing
a client sends picks another shopper's rows."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import IntegrityError, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from commerce.cart.models import Cart
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from commerce.shoppers import identity
from tests.fixtures.cart import CART_URL, client_cart, contents, guest_cart, post_add, put
from tests.fixtures.lists import LISTS_URL, client_owner, guest_owner, make_list, names, post_save

pytestmark = pytest.mark.django_db


def request_with(session):
    request = RequestFactory().get("/")
    request.session, request.user = session, AnonymousUser()
    return request


def test_a_guest_has_one_token_for_the_cart_and_the_lists(client, boots, socks):
    post_add(client, boots, 2)
    post_save(client, socks)
    page = client.get(LISTS_URL)

    token = client.session[identity.SESSION_KEY]
    assert len(token) == 43  # secrets.token_urlsafe(32): 256 random bits
    assert token != client.session.session_key
    assert Cart.objects.get().guest_token == token
    assert list(ShoppingList.objects.values_list("guest_token", "user")) == [(token, None)]
    assert all(token not in morsel.value for morsel in client.cookies.values())
    assert token not in page.content.decode()


def test_a_list_first_then_a_cart_share_the_token(client, boots, socks):
    post_save(client, socks)
    token = client.session[identity.SESSION_KEY]

    post_add(client, boots, 1)

    assert client.session[identity.SESSION_KEY] == token
    assert Cart.objects.get().guest_token == token


def test_forged_tokens_in_cookies_queries_and_forms_reach_no_one_elses_rows(boots, socks):
    ann, mallory = Client(), Client()
    post_add(ann, boots, 2)
    post_save(ann, boots)
    token = ann.session[identity.SESSION_KEY]
    forged = {"guest_token": token, "cart_token": token, "lists_token": token, "token": token}
    for name, value in forged.items():
        mallory.cookies[name] = value

    cart_page = mallory.get(CART_URL, forged)
    lists_page = mallory.get(LISTS_URL, forged)
    mallory.post("/cart/empty/", forged)
    mallory.post(reverse("lists:create"), {"name": "Mine", **forged})

    assert cart_page.context["review"].is_empty
    assert [shopping_list.name for shopping_list in lists_page.context["lists"]] == []
    assert contents(client_cart(ann)) == {"Boots": (2, Decimal("10.00"))}
    assert names(Owner(token=token)) == ["Favourites"]
    assert mallory.session[identity.SESSION_KEY] != token
    assert names(client_owner(mallory)) == ["Favourites", "Mine"]


@pytest.mark.parametrize("value", ["", 42, None, ["x"]])
def test_a_session_value_that_is_not_a_token_is_no_guest(value):
    session = SessionStore()
    session[identity.SESSION_KEY] = value

    assert identity.current_shopper(request_with(session)) is None


def test_a_new_guest_token_is_kept_in_the_session_data():
    session = SessionStore()
    request = request_with(session)

    shopper = identity.shopper_to_fill(request)

    assert (shopper.user, session[identity.SESSION_KEY]) == (None, shopper.token)
    assert identity.shopper_to_fill(request) == shopper


def test_a_row_has_exactly_one_owner(shopper):
    for model, fields in ((Cart, {}), (ShoppingList, {"name": "Gifts"})):
        for owner in ({}, {"user": shopper, "guest_token": "x" * 43}):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.create(**owner, **fields)
    assert (Cart.objects.count(), ShoppingList.objects.count()) == (0, 0)


# Sessions from before one token served both: `cart_token` and `lists_token`.


def legacy_client(**keys) -> Client:
    client = Client()
    session = client.session
    session.update(keys)
    session.save()
    return client


def test_an_old_session_keeps_its_cart_and_its_lists(boots, socks):
    cart = guest_cart()
    put(cart, boots, 2)
    lists_owner = guest_owner()
    make_list(lists_owner)
    someone_else = guest_owner()
    make_list(someone_else)
    client = legacy_client(cart_token=cart.guest_token, lists_token=lists_owner.token)

    cart_page = client.get(CART_URL)
    lists_page = client.get(LISTS_URL)

    assert [(line.product.name, line.quantity) for line in cart_page.context["review"].lines] == [
        ("Boots", 2)
    ]
    assert [shopping_list.name for shopping_list in lists_page.context["lists"]] == ["Favourites"]
    session = client.session
    assert (session[identity.SESSION_KEY], "cart_token" in session, "lists_token" in session) == (
        cart.guest_token,
        False,
        False,
    )
    assert names(Owner(token=cart.guest_token)) == ["Favourites"]
    assert names(lists_owner) == []
    assert names(someone_else) == ["Favourites"]


def test_an_old_session_with_lists_only_keeps_them(boots):
    lists_owner = guest_owner()
    make_list(lists_owner)
    client = legacy_client(lists_token=lists_owner.token)

    page = client.get(LISTS_URL)

    assert [shopping_list.name for shopping_list in page.context["lists"]] == ["Favourites"]
    assert client.session[identity.SESSION_KEY] == lists_owner.token
