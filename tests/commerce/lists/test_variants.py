"""Lists and sizes: an item is a product with its size (a variant) chosen, or the product
alone. The list page and a shared link name the size; "add to cart" adds the saved size, and
refuses an item whose size was never chosen, saying so, adding nothing."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commerce.cart.models import Cart, CartLine
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from commerce.lists.services import share_list
from tests.fixtures.cart import client_cart
from tests.fixtures.catalog import make_attribute, make_tee
from tests.fixtures.lists import detail_url, flashes, make_list, post_save, save, shared_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee(category, warehouse):
    """make_tee's tee: M Navy 20.00 (3 units), L Navy 24.00 (5), M Red (sold out)."""
    size = make_attribute("Size", ["S", "M", "L"], position=1)
    colour = make_attribute("Colour", ["Navy", "Red"], position=2)
    return make_tee(category, warehouse, size, colour)


def variant(product, sku):
    return product.variants.get(sku=sku)


def shown_items(html: str) -> list[tuple[str, str, str]]:
    """(name, options, link) of each item as the page shows it."""
    items = []
    for block in re.findall(r'<div class="list-item__product">(.*?)</div>', html, re.S):
        link, name = re.search(
            r'<a class="list-item__name" href="([^"]*)">([^<]*)</a>', block
        ).groups()
        options = re.search(r'<span class="list-item__options">([^<]*)</span>', block)
        items.append((name, options.group(1) if options else "", link))
    return items


def cart_lines(cart) -> list[tuple[str, int, Decimal]]:
    """(variant SKU, quantity, price seen) of a cart's lines, in the order added."""
    return list(
        CartLine.objects.filter(cart=cart)
        .order_by("pk")
        .values_list("variant__sku", "quantity", "seen_unit_price")
    )


def test_the_list_page_names_the_saved_size_and_links_to_it(client, shopper, tee, boots):
    favourites = make_list(Owner(user=shopper))
    save(favourites, tee, variant=variant(tee, "TEE-L-NAVY"))
    save(favourites, tee)  # no size chosen yet
    save(favourites, boots)
    client.force_login(shopper)

    response = client.get(detail_url(favourites))

    page = tee.get_absolute_url()
    assert shown_items(response.text) == [
        ("Tee", "Size: L, Colour: Navy", f"{page}?variant=TEE-L-NAVY"),
        ("Tee", "", page),
        ("Boots", "", boots.get_absolute_url()),
    ]
    assert [entry.price_now for entry in response.context["list_page"].entries] == [
        Decimal("24.00"),  # the L's own price
        Decimal("20.00"),
        Decimal("10.00"),
    ]


def test_a_shared_link_names_the_saved_size(client, shopper, tee):
    favourites = make_list(Owner(user=shopper))
    save(favourites, tee, variant=variant(tee, "TEE-M-NAVY"))
    shared = share_list(owner=Owner(user=shopper), list_id=favourites.pk)

    response = Client().get(shared_url(shared.share_token))

    assert response.status_code == 200
    assert shown_items(response.text) == [
        ("Tee", "Size: M, Colour: Navy", f"{tee.get_absolute_url()}?variant=TEE-M-NAVY")
    ]


def test_adding_the_list_to_the_cart_adds_the_saved_sizes(client, shopper, tee, boots):
    favourites = make_list(Owner(user=shopper))
    save(favourites, tee, variant=variant(tee, "TEE-L-NAVY"))
    save(favourites, boots)
    save(favourites, tee, variant=variant(tee, "TEE-M-NAVY"))
    client.force_login(shopper)

    response = client.post(reverse("lists:to_cart", args=[favourites.pk]), follow=True)

    assert cart_lines(Cart.objects.get(user=shopper)) == [
        ("TEE-L-NAVY", 1, Decimal("24.00")),
        (boots.sku, 1, Decimal("10.00")),
        ("TEE-M-NAVY", 1, Decimal("20.00")),
    ]
    assert flashes(response) == [
        "Added to your cart: Tee (Size: L, Colour: Navy), Boots, Tee (Size: M, Colour: Navy)."
    ]


def test_an_item_without_a_size_is_refused_with_a_message_and_adds_nothing(client, tee):
    post_save(client, tee)  # saved from a card: the product alone
    [item] = ShoppingList.objects.get().items.all()

    response = client.post(reverse("lists:item_to_cart", args=[item.pk]), follow=True)

    assert flashes(response)[-1] == "Not added: Tee (Choose a size and colour of Tee)."
    assert client_cart(client) is None
    assert CartLine.objects.count() == 0


def test_the_whole_list_adds_the_chosen_size_and_refuses_the_item_without_one(client, tee):
    post_save(client, tee)
    post_save(client, tee, variant=variant(tee, "TEE-L-NAVY").pk)
    favourites = ShoppingList.objects.get()

    response = client.post(reverse("lists:to_cart", args=[favourites.pk]), follow=True)

    assert cart_lines(client_cart(client)) == [("TEE-L-NAVY", 1, Decimal("24.00"))]
    assert flashes(response)[-2:] == [
        "Added to your cart: Tee (Size: L, Colour: Navy).",
        "Not added: Tee (Choose a size and colour of Tee).",
    ]
