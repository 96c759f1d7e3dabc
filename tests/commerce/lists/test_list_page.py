"""The list page: today's price beside the price when saved, availability, and a fixed
number of queries whatever the number of items."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalog.models import Product, ProductImage, ProductStatus
from commerce.lists.identity import Owner
from tests.fixtures.cart import stocked_product
from tests.fixtures.catalog import make_category
from tests.fixtures.lists import detail_url, make_list, post_save, save

pytestmark = pytest.mark.django_db


def entry_rows(response) -> list[tuple]:
    return [
        (entry.item.product_name, entry.price_now, entry.price_change, entry.label)
        for entry in response.context["list_page"].entries
    ]


def test_price_changes_show_down_up_and_unchanged(client, shopper, category, warehouse):
    cheaper = stocked_product(category, warehouse, name="Cheaper", price="8.00")
    dearer = stocked_product(category, warehouse, name="Dearer", price="12.50")
    same = stocked_product(category, warehouse, name="Same", price="5.00", stock=2)
    favourites = make_list(Owner(user=shopper))
    save(favourites, cheaper, seen="10.00")
    save(favourites, dearer, seen="10.00")
    save(favourites, same, seen="5.00")
    client.force_login(shopper)

    response = client.get(detail_url(favourites))

    assert entry_rows(response) == [
        ("Cheaper", Decimal("8.00"), Decimal("-2.00"), "In stock"),
        ("Dearer", Decimal("12.50"), Decimal("2.50"), "In stock"),
        ("Same", Decimal("5.00"), Decimal("0.00"), "Only 2 left"),
    ]
    html = response.content.decode()
    assert "€2.00 less than when saved (€10.00)" in html
    assert "€2.50 more than when saved (€10.00)" in html
    assert "Same price as when saved" in html


def test_the_saved_price_is_the_price_at_saving_never_one_the_client_sends(
    client, category, warehouse
):
    lamp = stocked_product(category, warehouse, name="Lamp", price="30.00")
    post_save(client, lamp, price="1.00", price_when_added="1.00")
    Product.objects.filter(pk=lamp.pk).update(price=Decimal("24.00"))

    from commerce.lists.models import ShoppingList

    response = client.get(detail_url(ShoppingList.objects.get()))

    assert entry_rows(response) == [("Lamp", Decimal("24.00"), Decimal("-6.00"), "In stock")]


def test_availability_of_out_of_stock_hidden_and_deleted_products(
    client, shopper, category, warehouse
):
    out = stocked_product(category, warehouse, name="Sold out", stock=0)
    hidden = stocked_product(category, warehouse, name="Hidden")
    gone = stocked_product(category, warehouse, name="Gone")
    switched_off = make_category("Archive", is_active=False)
    archived = stocked_product(switched_off, warehouse, name="Archived")
    favourites = make_list(Owner(user=shopper))
    for product in (out, hidden, gone, archived):
        save(favourites, product)
    Product.objects.filter(pk=hidden.pk).update(status=ProductStatus.HIDDEN)
    gone.delete()
    client.force_login(shopper)

    response = client.get(detail_url(favourites))

    assert [
        (entry.item.product_name, entry.state, entry.label, entry.is_buyable)
        for entry in response.context["list_page"].entries
    ] == [
        ("Sold out", "out", "Out of stock", False),
        ("Hidden", "gone", "No longer available", False),
        ("Gone", "gone", "No longer available", False),
        ("Archived", "gone", "No longer available", False),
    ]
    html = response.content.decode()
    assert hidden.get_absolute_url() not in html  # no link to a page that answers 404
    assert "Add all to cart" not in html


@pytest.fixture
def products(category, warehouse, image_factory):
    products = []
    for number in range(8):
        product = stocked_product(category, warehouse, name=f"Item {number}", stock=5)
        ProductImage.objects.create(
            product=product, image=image_factory(f"Item {number}"), sort_order=0
        )
        products.append(product)
    return products


def page_queries(client, url) -> int:
    client.get(url)  # renditions drawn
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# The session, the list, the owner's other lists, its items, their products (with category
# and stock), their pictures, the pictures' images, their renditions, and a guest's lists
# marked as used (one UPDATE), and the header's cart count (a guest's one token keys the cart
# too, so a guest with lists is asked for a cart). A logged-in shopper: the account instead of
# the UPDATE.
GUEST_PAGE = 10
ACCOUNT_PAGE = 10


def test_a_guests_list_page_costs_the_same_with_two_and_eight_items(client, products):
    post_save(client, products[0])
    post_save(client, products[1])
    from commerce.lists.models import ShoppingList

    url = detail_url(ShoppingList.objects.get())
    client.post("/lists/new/", {"name": "Other"})
    two = page_queries(client, url)
    for product in products[2:]:
        post_save(client, product)
    eight = page_queries(client, url)

    assert two == eight <= GUEST_PAGE


def test_an_accounts_list_page_costs_the_same_with_two_and_eight_items(client, shopper, products):
    favourites = make_list(Owner(user=shopper))
    make_list(Owner(user=shopper), "Other")
    for product in products[:2]:
        save(favourites, product)
    client.force_login(shopper)
    two = page_queries(client, detail_url(favourites))
    for product in products[2:]:
        save(favourites, product)
    eight = page_queries(client, detail_url(favourites))

    assert two == eight <= ACCOUNT_PAGE


def test_the_lists_index_costs_the_same_with_two_and_eight_lists(client, shopper, products):
    owner = Owner(user=shopper)
    favourites = make_list(owner)
    make_list(owner, "Second")
    client.force_login(shopper)
    two = page_queries(client, "/lists/")
    for number in range(6):
        save(make_list(owner, f"List {number}"), products[number])
        save(favourites, products[number])
    eight = page_queries(client, "/lists/")

    assert two == eight <= 4  # session, account, lists with their counts, header's cart count
