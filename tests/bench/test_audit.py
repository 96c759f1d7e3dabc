"""The checkout benchmark's audit finds orders and stock that do not add up, and the raw SQL
ceiling never sells more than the stock."""

import pytest
from django.db import connection
from django.db.models import F

from bench import raw_order
from bench.database import url_for
from bench.shop import audit_orders, sellable_stock
from commerce.orders.models import Order, OrderLineAllocation
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db

DOMAIN = "run1.bench.example"


@pytest.fixture
def placed(methods):
    """Two orders of one unit (10.00 + 4.90 delivery each) by the run's buyers."""
    product = make_product(make_category("Shoes"), price="10.00")
    set_stock(product, make_warehouse("main"), 5)
    before = sellable_stock([product.pk])
    for number in range(2):
        submit([(product, 1)], expected_total="14.90", email=f"b{number}@{DOMAIN}", **methods)
    return product, before


def audit(product, before):
    return audit_orders(
        product_ids=[product.pk], stock_before=before, after_order_id=0, email_domain=DOMAIN
    )


def test_orders_that_add_up_pass(placed):
    result = audit(*placed)

    assert (result.orders, result.units_sold, result.problems) == (2, 2, [])
    assert result.ok


def test_stock_that_fell_by_more_than_was_sold_is_reported(placed):
    product, before = placed
    StockRecord.objects.filter(product=product).update(quantity=F("quantity") - 1)

    result = audit(product, before)

    assert not result.ok
    assert result.problems == [f"product {product.pk}: stock fell by 3, orders hold 2"]


def test_a_line_whose_units_came_from_no_warehouse_is_reported(placed):
    product, before = placed
    order = Order.objects.order_by("pk").first()
    OrderLineAllocation.objects.filter(line__order=order).delete()

    result = audit(product, before)

    assert result.problems == [f"order {order.number}: {product.sku} allocated 0 of 1"]


def test_raw_sql_orders_for_a_hot_row_never_oversell():
    url = url_for(connection.settings_dict["NAME"])

    result = raw_order.run(url, concurrency=3, seconds=0.5, products=2, stock=5)

    assert (result.orders, result.units_sold, result.stock_lost) == (5, 5, 5)
    assert result.refused > 0 and result.negative_rows == 0 and result.adds_up
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [raw_order.SCHEMA])
        assert cursor.fetchone() is None
