"""Stock syncs racing with checkouts on PostgreSQL, in real threads (one connection each):
the sync takes the same stock row locks as order placement, so it never oversells and never
overwrites a sale it did not see."""

import json

import pytest
from django.test import Client

from commerce.checkout.exceptions import CheckoutChanged
from commerce.orders.models import Order, OrderLineAllocation
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import run_together, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop(make_token, cash_methods):
    product = make_product(make_category("Shoes"), price="20.00", sku="HOT-1")
    set_stock(product, make_warehouse("main"), 5)
    return {
        "product": product,
        "token": make_token("stock:write"),
        "methods": cash_methods,
    }


def _sync(shop, update: dict) -> int:
    response = Client().post(
        "/api/v1/stock",
        json.dumps({"updates": [{"sku": "HOT-1", "warehouse": "main", **update}]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {shop['token']}",
    )
    return response.status_code


def _buy(shop, index: int):
    return submit(
        [(shop["product"], 1)],
        expected_total="25.00",
        email=f"shopper{index}@example.com",
        **shop["methods"],
    )


def _sold() -> int:
    return sum(OrderLineAllocation.objects.values_list("quantity", flat=True))


def test_deltas_racing_with_checkouts_lose_no_sale_and_never_oversell(shop):
    results = run_together(
        20, lambda index: _sync(shop, {"delta": 1}) if index % 2 else _buy(shop, index)
    )

    syncs = [result for index, result in enumerate(results) if index % 2]
    purchases = [result for index, result in enumerate(results) if not index % 2]
    assert syncs == 10 * [200]
    assert all(isinstance(result, Order | CheckoutChanged) for result in purchases), purchases
    orders = Order.objects.count()
    assert orders == sum(isinstance(result, Order) for result in purchases) == _sold()
    assert StockRecord.objects.get().quantity == 5 + 10 - orders >= 0


def test_a_guarded_count_racing_with_checkouts_is_applied_only_if_no_sale_came_first(shop):
    results = run_together(
        9,
        lambda index: (
            _sync(shop, {"quantity": 20, "expected": 5}) if index == 0 else _buy(shop, index)
        ),
    )

    assert results[0] in (200, 409)
    counted = 20 if results[0] == 200 else 5
    assert StockRecord.objects.get().quantity == counted - _sold() >= 0
    assert Order.objects.count() == _sold() == (8 if results[0] == 200 else 5)
