"""Lists and sizes: an item is a product with its size (a variant) chosen, or the product
alone. The list page and a shared link name the size; "add to cart" adds the saved size. An
item whose size was never chosen offers "Choose a size" (linking to the product) instead of
"Add to cart", and adding it (alone or with the whole list) is refused, saying so, adding
nothing."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commerce.cart.models import Cart, CartLine
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from commerce.lists.services import share_list
from tests.fixtures.cart import client_cart, stocked_product
from tests.fixtures.catalog import make_attribute, make_product, make_tee, make_variants, set_stock
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


def shown_actions(html: str, item) -> list[tuple[str, str]]:
    """(label, where it goes) of the item's cart action as the page shows it: the "Add to
    cart" button (posting to the item's to-cart address) or the link offering a choice."""
    block = re.search(rf'<li [^>]*id="item-{item.pk}">(.*?)</li>', html, re.S).group(1)
    to_cart = reverse("lists:item_to_cart", args=[item.pk])
    actions = []
    if f'action="{to_cart}"' in block:
        label = re.search(rf'action="{to_cart}">.*?<button[^>]*>([^<]*)<', block, re.S).group(1)
        actions.append((label, to_cart))
    for link, label in re.findall(r'<a class="button[^"]*" href="([^"]*)">([^<]*)<', block):
        actions.append((label, link))
    return actions


def add_all_shown(html: str, shopping_list) -> bool:
    return f'action="{reverse("lists:to_cart", args=[shopping_list.pk])}"' in html


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

    assert flashes(response)[-1] == "Not added: Tee — choose a size and colour first."
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
        "Not added: Tee — choose a size and colour first.",
    ]


def test_an_item_without_a_size_offers_a_choice_instead_of_add_to_cart(
    client, shopper, tee, boots, category, warehouse
):
    hoodie = make_product(category, name="Hoodie", price="30.00", sku="HOOD")
    made = make_variants(hoodie, [make_attribute("Fit", ["Slim", "Wide"])], ["Slim", "Wide"])
    set_stock(made["HOOD-SLIM"], warehouse, 2)
    favourites = make_list(Owner(user=shopper))
    tee_alone = save(favourites, tee)
    large = save(favourites, tee, variant=variant(tee, "TEE-L-NAVY"))
    hoodie_alone = save(favourites, hoodie)
    plain = save(favourites, boots)  # one variant: nothing to choose
    client.force_login(shopper)

    html = client.get(detail_url(favourites)).text

    assert shown_actions(html, tee_alone) == [("Choose a size and colour", tee.get_absolute_url())]
    assert shown_actions(html, large) == [("Add to cart", to_cart_url(large))]
    assert shown_actions(html, hoodie_alone) == [("Choose a fit", hoodie.get_absolute_url())]
    assert shown_actions(html, plain) == [("Add to cart", to_cart_url(plain))]
    assert add_all_shown(html, favourites)


def test_a_sold_out_product_without_a_size_offers_no_choice(
    client, shopper, tee, category, warehouse
):
    tee.stock_records.update(quantity=0)
    favourites = make_list(Owner(user=shopper))
    item = save(favourites, tee)
    client.force_login(shopper)

    response = client.get(detail_url(favourites))

    assert shown_actions(response.text, item) == []
    assert [entry.label for entry in response.context["list_page"].entries] == ["Out of stock"]
    assert not add_all_shown(response.text, favourites)


def test_a_list_of_items_without_sizes_offers_no_add_all(client, shopper, tee):
    favourites = make_list(Owner(user=shopper))
    save(favourites, tee)
    client.force_login(shopper)

    html = client.get(detail_url(favourites)).text

    assert "Choose a size and colour" in html
    assert not add_all_shown(html, favourites)


def test_the_whole_list_skips_items_without_sizes_among_other_refusals(
    client, tee, boots, category, warehouse
):
    sold_out = stocked_product(category, warehouse, name="Sold out", stock=0)
    for product in (tee, boots, sold_out):
        post_save(client, product)
    favourites = ShoppingList.objects.get()

    response = client.post(reverse("lists:to_cart", args=[favourites.pk]), follow=True)

    assert cart_lines(client_cart(client)) == [(boots.sku, 1, Decimal("10.00"))]
    assert flashes(response)[-2:] == [
        "Added to your cart: Boots.",
        "Not added: Tee — choose a size and colour first; Sold out (out of stock).",
    ]


def to_cart_url(item) -> str:
    return reverse("lists:item_to_cart", args=[item.pk])
