"""The purchase policy: whether a product can be bought now, at what price, how many."""

from decimal import Decimal

import pytest

from commerce.catalog.models import Product, ProductStatus
from commerce.catalog.purchase import MAX_QUANTITY, purchase_option
from commerce.stock.availability import Availability, with_sellable_quantity
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = pytest.mark.django_db


def option_facts(option) -> tuple:
    return (
        option.unit_price,
        option.is_buyable,
        option.can_buy,
        option.max_quantity,
        option.state,
        option.label,
    )


def test_a_buyable_product_by_its_stock(category):
    product = make_product(category, price="89.90")

    assert [
        option_facts(purchase_option(product, Availability(quantity))) for quantity in (500, 3, 0)
    ] == [
        (Decimal("89.90"), True, True, MAX_QUANTITY, "in", "In stock"),
        (Decimal("89.90"), True, True, 3, "low", "Only 3 left"),
        (Decimal("89.90"), True, False, 0, "out", "Out of stock"),
    ]
    assert MAX_QUANTITY == 99


def test_a_product_not_sold_now_cannot_be_bought_whatever_its_stock(category):
    disabled = make_product(category, status=ProductStatus.DISABLED)
    hidden_category = make_category("Attic", is_active=False)
    in_hidden = make_product(hidden_category)

    for product in (disabled, Product.objects.select_related("category").get(pk=in_hidden.pk)):
        option = purchase_option(product, Availability(10))
        assert (option.is_buyable, option.can_buy, option.state, option.label) == (
            False,
            False,
            "unavailable",
            "Currently unavailable",
        )


def test_the_stock_counts_active_warehouses_in_one_query_or_none(
    category, warehouse, django_assert_num_queries
):
    product = make_product(category)
    set_stock(product, warehouse, 4)
    set_stock(product, make_warehouse("closed", is_active=False), 50)
    annotated = with_sellable_quantity(Product.objects.select_related("category")).get(
        pk=product.pk
    )
    product = Product.objects.select_related("category").get(pk=product.pk)

    with django_assert_num_queries(1):
        counted = purchase_option(product)
    with django_assert_num_queries(0):
        from_annotation = purchase_option(annotated)

    assert counted.availability.quantity == from_annotation.availability.quantity == 4
