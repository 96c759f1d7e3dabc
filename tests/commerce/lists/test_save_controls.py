"""Saving from product cards and product pages: one click to the default list, or a chosen
list; the shopper's lists are read once per page, and not at all for a new visitor."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commerce.lists import selectors
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from tests.fixtures.cart import make_user, stocked_product
from tests.fixtures.lists import client_owner, contents, guest_owner, make_list, post_save

pytestmark = pytest.mark.django_db

SAVE_FORM = re.compile(r'<form[^>]*action="/lists/save/"')


def list_options(html: str) -> list[str]:
    select = re.search(r'<select name="list">(.*?)</select>', html, re.S)
    return re.findall(r">([^<]+)</option>", select.group(1)) if select else []


def test_a_card_saves_to_the_default_list_with_one_click(client, category, boots):
    page = client.get(category.get_absolute_url())
    html = page.content.decode()
    assert len(SAVE_FORM.findall(html)) == 1
    assert f'action="{reverse("lists:choose", args=[boots.pk])}"' in html

    post_save(client, boots, next=category.get_absolute_url())

    favourites = client_owner(client).lists().get()
    assert (favourites.name, list(contents(favourites))) == ("Favourites", ["Boots"])


def test_the_product_page_offers_the_shoppers_lists_default_first(client, shopper, boots):
    owner = Owner(user=shopper)
    make_list(owner, "Gifts", default=False)
    make_list(owner, "Favourites")
    client.force_login(shopper)

    html = client.get(boots.get_absolute_url()).content.decode()

    assert SAVE_FORM.search(html)
    assert list_options(html) == ["Favourites", "Gifts"]
    assert re.search(r'<option value="\d+" selected>Favourites</option>', html)


def test_each_shopper_is_offered_only_their_own_lists(shopper):
    ada, bob, guest, other_guest = (
        Owner(user=shopper),
        Owner(user=make_user("bob")),
        guest_owner(),
        guest_owner(),
    )
    make_list(ada, "Gifts", default=False)
    make_list(ada, "Favourites")
    make_list(bob, "Bob's")
    make_list(guest, "Guest's")

    def offered(owner):
        return [(choice.name, choice.is_default) for choice in selectors.list_choices(owner)]

    assert offered(ada) == [("Favourites", True), ("Gifts", False)]
    assert offered(bob) == [("Bob's", False)]
    assert offered(guest) == [("Guest's", False)]
    assert offered(other_guest) == []
    assert offered(None) == []


def test_a_logged_in_shoppers_product_page_costs_four_queries(client, shopper, boots):
    """The session, the account, the header's cart count and the shopper's lists: the
    product's own contents are kept for the catalog generation."""
    owner = Owner(user=shopper)
    make_list(owner, "Gifts", default=False)
    make_list(owner, "Favourites")
    client.force_login(shopper)
    client.get(boots.get_absolute_url())

    with CaptureQueriesContext(connection) as captured:
        html = client.get(boots.get_absolute_url()).content.decode()

    assert list_options(html) == ["Favourites", "Gifts"]
    assert len(captured) == 4, [query["sql"] for query in captured]


def test_a_new_visitor_sees_one_button_and_costs_no_query(client, boots):
    client.get(boots.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        html = client.get(boots.get_absolute_url()).content.decode()

    assert SAVE_FORM.search(html) and list_options(html) == []
    assert not [query for query in captured if "lists_" in query["sql"]]
    assert ShoppingList.objects.count() == 0


def category_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_cards_read_the_shoppers_lists_once_whatever_their_number(
    client, category, warehouse, boots
):
    post_save(client, boots)
    client.post(reverse("lists:create"), {"name": "Gifts"})
    url = category.get_absolute_url()
    few = category_queries(client, url)
    for _ in range(6):
        stocked_product(category, warehouse)
    many = category_queries(client, url)

    assert few == many


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "checkout", ""])
def test_saving_goes_back_to_a_safe_next_only(client, boots, unsafe):
    response = post_save(client, boots, next=unsafe)

    assert (response.status_code, response.url) == (302, reverse("lists:index"))
    assert list(contents(client_owner(client).lists().get())) == ["Boots"]
