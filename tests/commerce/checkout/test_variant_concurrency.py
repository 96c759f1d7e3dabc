"""Real races per variant on PostgreSQL (threads with their own connections, released
together): stock is counted per size, and one size selling out never touches another."""

import pytest

from commerce.checkout.exceptions import Change, CheckoutChanged
from commerce.orders.models import Order, OrderLine, OrderLineAllocation
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_variants,
    make_warehouse,
    set_stock,
)
from tests.fixtures.orders import (
    make_delivery_method,
    make_payment_method,
    run_together,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop():
    return {
        "delivery_method": make_delivery_method("Parcel", price="5.00"),
        "payment_method": make_payment_method("Cash", provider="cash_on_delivery"),
    }


@pytest.fixture
def tee():
    product = make_product(make_category("Shirts"), name="Tee", price="20.00", sku="TEE")
    size = make_attribute("Size", ["S", "M", "L"])
    return make_variants(product, [size], ["M", "L"])


def split(results) -> tuple[list[Order], list[CheckoutChanged]]:
    orders = [result for result in results if isinstance(result, Order)]
    refusals = [result for result in results if isinstance(result, CheckoutChanged)]
    assert len(orders) + len(refusals) == len(results), results
    return orders, refusals


def test_the_last_size_m_goes_to_one_shopper_while_size_l_sells_to_everyone(shop, tee):
    medium, large = tee["TEE-M"], tee["TEE-L"]
    main = make_warehouse("main")
    set_stock(medium, main, 1)
    set_stock(large, main, 50)

    results = run_together(
        20,
        lambda index: submit(
            [(medium if index % 2 == 0 else large, 1)],
            expected_total="25.00",
            email=f"shopper{index}@example.com",
            **shop,
        ),
    )

    orders, refusals = split(results)
    assert (len(orders), len(refusals)) == (11, 9)
    assert [refusal.changes for refusal in refusals] == 9 * [
        [Change.out_of_stock(medium.product_id, requested=1, available=0)]
    ]
    assert {change.variant_id for r in refusals for change in r.changes} == {medium.pk}
    assert dict(StockRecord.objects.values_list("variant__sku", "quantity")) == {
        "TEE-M": 0,
        "TEE-L": 40,
    }
    assert sorted(OrderLine.objects.values_list("sku", "options_label")) == [
        ("TEE-L", "Size: L")
    ] * 10 + [("TEE-M", "Size: M")]


def test_five_units_of_one_size_over_three_warehouses_sell_exactly_five(shop, tee):
    medium, large = tee["TEE-M"], tee["TEE-L"]
    north, south = make_warehouse("north", priority=1), make_warehouse("south", priority=2)
    east = make_warehouse("east", priority=3)
    set_stock(medium, north, 2)
    set_stock(medium, south, 2)
    set_stock(medium, east, 1)
    set_stock(large, north, 7)

    results = run_together(
        20,
        lambda index: submit(
            [(medium, 1)], expected_total="25.00", email=f"shopper{index}@example.com", **shop
        ),
    )

    orders, refusals = split(results)
    assert (len(orders), len(refusals)) == (5, 15)
    assert {change.code for refusal in refusals for change in refusal.changes} == {"out_of_stock"}
    assert sorted(
        StockRecord.objects.values_list("variant__sku", "warehouse__code", "quantity")
    ) == [
        ("TEE-L", "north", 7),
        ("TEE-M", "east", 0),
        ("TEE-M", "north", 0),
        ("TEE-M", "south", 0),
    ]
    assert sum(OrderLineAllocation.objects.values_list("quantity", flat=True)) == 5
