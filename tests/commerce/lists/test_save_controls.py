"""Saving from product cards and product pages: one click to the default list, or a chosen
list; the shopper's lists are read once per page, and not at all for a new visitor."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from tests.fixtures.cart import stocked_product
from tests.fixtures.lists import client_owner, contents, make_list, post_save

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
