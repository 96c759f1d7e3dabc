"""The product list's columns from other apps: units sold and revenue (orders), and how many
shopping lists hold each product (lists). Moved here from the orders and lists tests."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.lists.identity import Owner
from commerce.orders.models import OrderStatus
from commerce.orders.services import cancel_order, change_order_status
from tests.fixtures.admin import product_admin_url
from tests.fixtures.catalog import make_product, set_stock
from tests.fixtures.lists import guest_owner, make_list, save
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Sales columns (orders)


def test_product_list_shows_units_sold_and_revenue_of_orders_not_cancelled(
    admin_client, category, product, warehouse, methods
):
    unsold = make_product(category, name="Unsold")
    kept = submit([(product, 2)], expected_total="179.80", **methods)
    cancelled = submit([(product, 3)], expected_total="269.70", **methods)
    cancel_order(order=cancelled)
    change_order_status(order=kept, to=OrderStatus.PAID)

    response = admin_client.get(product_admin_url("list"), {"ordering": "-units_sold"})

    assert response.status_code == 200
    assert [(p.name, p.units_sold, p.revenue) for p in response.context["object_list"]] == [
        ("Trail Runner", 2, Decimal("179.80")),
        (unsold.name, 0, Decimal("0.00")),
    ]
    assert "Units sold" in response.text and "Revenue" in response.text

    ascending = admin_client.get(product_admin_url("list"), {"ordering": "revenue"})
    assert [p.name for p in ascending.context["object_list"]] == [unsold.name, "Trail Runner"]


def test_product_list_exports_units_sold_and_revenue(
    admin_client, category, product, warehouse, methods
):
    submit([(product, 2)], expected_total="179.80", **methods)
    cancel_order(order=submit([(product, 1)], expected_total="94.80", **methods))

    response = admin_client.get(product_admin_url("list"), {"export": "csv"})

    rows = b"".join(response.streaming_content).decode().splitlines()
    header = rows[0].split(",")
    values = dict(zip(header, rows[1].split(","), strict=True))
    assert (values["SKU"], values["Units sold"], values["Revenue"]) == (
        product.sku,
        "2",
        "179.80",
    )


def test_product_list_export_keeps_its_columns_in_order(admin_client, product):
    response = admin_client.get(product_admin_url("list"), {"export": "csv"})

    header = b"".join(response.streaming_content).decode().splitlines()[0]
    assert header.split(",") == [
        "SKU",
        "Name",
        "Slug",
        "Status",
        "Live",
        "Price",
        "Compare-at price",
        "Category",
        "Variants",
        "Units sold",
        "Revenue",
        "Sellable stock",
        "Updated at",
    ]


def test_product_list_sales_columns_add_no_query_per_row(
    admin_client, category, warehouse, methods
):
    def sell(count):
        for _ in range(count):
            product = make_product(category, price="10.00")
            set_stock(product, warehouse, 5)
            submit([(product, 1)], expected_total="14.90", **methods)

    sell(3)
    small = _queries(admin_client, product_admin_url("list"))
    sell(22)
    large = _queries(admin_client, product_admin_url("list"))

    assert small == large


# "Lists" column (shopping lists)


def test_the_product_list_shows_how_many_lists_hold_each_product(
    admin_client, shopper, boots, socks
):
    favourites = make_list(Owner(user=shopper))
    save(favourites, boots, note="size 44")
    save(favourites, socks)
    save(make_list(guest_owner(), "Wishes", default=True), boots)

    response = admin_client.get(product_admin_url("list"))

    counts = {product.name: product.list_count for product in response.context["object_list"]}
    assert counts == {"Boots": 2, "Socks": 1}
    assert ">Lists<" in response.content.decode().replace("\n", "").replace(" ", "")


def test_the_product_list_columns_keep_their_order(admin_client, product):
    response = admin_client.get(product_admin_url("list"))

    headings = [column.label for column in response.context["table"].columns.values()]
    assert headings[1:] == [
        "Image",
        "Name",
        "SKU",
        "Status",
        "Price",
        "Variants",
        "Sellable stock",
        "Units sold",
        "Revenue",
        "Lists",
        "Live",
    ]
