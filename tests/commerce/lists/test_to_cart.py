"""From a list into the cart, through the cart's services: one item or the whole list, the
items that cannot be bought skipped and named."""

import pytest
from django.urls import reverse

from commerce.cart.models import Cart, CartLine
from commerce.catalog.models import Product, ProductStatus
from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from tests.fixtures.cart import client_cart, stocked_product
from tests.fixtures.cart import contents as cart_contents
from tests.fixtures.lists import flashes, make_list, post_save, save

pytestmark = pytest.mark.django_db


def test_a_guest_adds_the_whole_list_and_unavailable_items_are_named(
    client, boots, socks, category, warehouse
):
    sold_out = stocked_product(category, warehouse, name="Sold out", stock=0)
    lamp = stocked_product(category, warehouse, name="Lamp")
    gone = stocked_product(category, warehouse, name="Gone")
    for product in (boots, sold_out, lamp, gone, socks):
        post_save(client, product)
    Product.objects.filter(pk=lamp.pk).update(status=ProductStatus.DISABLED)
    gone.delete()
    favourites = ShoppingList.objects.get()

    response = client.post(reverse("lists:to_cart", args=[favourites.pk]), follow=True)

    assert cart_contents(client_cart(client)) == {
        "Boots": (1, boots.price),
        "Socks": (1, socks.price),
    }
    assert flashes(response)[-2:] == [
        "Added to your cart: Boots, Socks.",
        "Not added: Sold out (out of stock); Lamp (not available); Gone (not available).",
    ]
    assert ListItem.objects.filter(shopping_list=favourites).count() == 5  # the list stays


def test_one_item_goes_to_the_accounts_cart(client, shopper, boots, socks):
    favourites = make_list(Owner(user=shopper))
    item = save(favourites, boots)
    save(favourites, socks)
    client.force_login(shopper)

    response = client.post(reverse("lists:item_to_cart", args=[item.pk]), follow=True)

    assert cart_contents(Cart.objects.get(user=shopper)) == {"Boots": (1, boots.price)}
    assert flashes(response) == ["Added to your cart: Boots."]


def test_a_refusal_by_the_cart_is_named_and_the_rest_still_added(
    client, category, warehouse, socks
):
    last = stocked_product(category, warehouse, name="Last one", stock=1)
    post_save(client, last)
    post_save(client, socks)
    client.post(reverse("cart:add"), {"product": last.pk, "quantity": 1})

    response = client.post(
        reverse("lists:to_cart", args=[ShoppingList.objects.get().pk]), follow=True
    )

    assert cart_contents(client_cart(client)) == {
        "Last one": (1, last.price),
        "Socks": (1, socks.price),
    }
    assert flashes(response)[-2:] == [
        "Added to your cart: Socks.",
        "Not added: Last one (Only 1 of Last one available. You already have 1 in your cart).",
    ]


def test_a_first_refused_item_does_not_break_a_guests_new_cart(client, category, warehouse):
    """The first product is refused by the cart (sold meanwhile, after the list was read),
    the second still lands in a new guest cart."""
    first = stocked_product(category, warehouse, name="First", stock=1)
    second = stocked_product(category, warehouse, name="Second", stock=3)
    post_save(client, first)
    post_save(client, second)

    from commerce.lists import to_cart

    original = to_cart.cart_services.add_line

    def add_line(*, cart, product_id, quantity, **choice):
        if product_id == first.pk:
            first.stock_records.update(quantity=0)
        return original(cart=cart, product_id=product_id, quantity=quantity, **choice)

    to_cart.cart_services.add_line = add_line
    try:
        client.post(reverse("lists:to_cart", args=[ShoppingList.objects.get().pk]))
    finally:
        to_cart.cart_services.add_line = original

    assert cart_contents(client_cart(client)) == {"Second": (1, second.price)}
    assert CartLine.objects.count() == 1
