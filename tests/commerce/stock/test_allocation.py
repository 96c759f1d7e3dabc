import pytest

from commerce.orders.models import OrderLineAllocation
from commerce.stock.allocation import (
    Allocation,
    InsufficientStock,
    allocate,
    give_back,
    plan_allocation,
)
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import (
    make_product,
    make_warehouse,
    only_variant,
    set_stock,
    stock_by_warehouse,
)
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(category):
    """A product in three active warehouses (given in mixed order) and one inactive."""
    product = make_product(category, price="10.00")
    set_stock(product, make_warehouse("far", priority=30), 10)
    set_stock(product, make_warehouse("near", priority=1), 2)
    set_stock(product, make_warehouse("mid", priority=20), 3)
    set_stock(product, make_warehouse("closed", priority=0, is_active=False), 50)
    return product


def test_an_order_takes_from_warehouses_by_priority_splitting_lines(spread, methods):
    order = submit([(spread, 7)], expected_total="74.90", **methods)

    assert list(
        OrderLineAllocation.objects.filter(line__order=order)
        .order_by("warehouse__priority")
        .values_list("warehouse__code", "quantity")
    ) == [("near", 2), ("mid", 3), ("far", 2)]
    assert stock_by_warehouse(spread) == {"near": 0, "mid": 0, "far": 8, "closed": 50}


def test_an_order_that_fits_the_first_warehouse_touches_no_other(spread, methods):
    order = submit([(spread, 2)], expected_total="24.90", **methods)

    assert list(
        OrderLineAllocation.objects.filter(line__order=order).values_list(
            "warehouse__code", "quantity"
        )
    ) == [("near", 2)]
    assert stock_by_warehouse(spread) == {"near": 0, "mid": 3, "far": 10, "closed": 50}


def test_equal_priorities_are_taken_in_warehouse_code_order(category):
    product = make_product(category)
    beta = make_warehouse("beta", priority=5)
    alpha = make_warehouse("alpha", priority=5)
    records = [set_stock(product, beta, 4), set_stock(product, alpha, 4)]

    variant = only_variant(product)
    plan = plan_allocation(
        product_id=product.pk, variant_id=variant.pk, records=records, quantity=5
    )

    assert plan == [
        Allocation(product.pk, variant.pk, alpha.pk, 4),
        Allocation(product.pk, variant.pk, beta.pk, 1),
    ]


def test_the_plan_refuses_more_than_the_records_hold(spread):
    records = list(StockRecord.objects.sellable().filter(product=spread))

    with pytest.raises(InsufficientStock) as error:
        plan_allocation(
            product_id=spread.pk, variant_id=only_variant(spread).pk, records=records, quantity=16
        )

    assert (error.value.code, error.value.requested, error.value.available) == (
        "insufficient_stock",
        16,
        15,
    )


def test_the_guarded_update_refuses_stock_taken_behind_a_stale_record(category, warehouse):
    product = make_product(category)
    stale = set_stock(product, warehouse, 5)
    StockRecord.objects.filter(pk=stale.pk).update(quantity=1)  # taken meanwhile, unlocked

    with pytest.raises(InsufficientStock):
        allocate(
            product_id=product.pk, variant_id=only_variant(product).pk, records=[stale], quantity=3
        )

    assert stock_by_warehouse(product) == {"main": 1}


def test_giving_back_adds_to_the_rows_and_recreates_a_removed_one(spread):
    near = spread.stock_records.get(warehouse__code="near")
    far = spread.stock_records.get(warehouse__code="far")
    far_warehouse_id = far.warehouse_id
    far.delete()

    variant = only_variant(spread)
    give_back(
        allocations=[
            Allocation(spread.pk, variant.pk, near.warehouse_id, 1),
            Allocation(spread.pk, variant.pk, near.warehouse_id, 2),
            Allocation(spread.pk, variant.pk, far_warehouse_id, 4),
        ]
    )

    assert stock_by_warehouse(spread) == {"near": 5, "mid": 3, "far": 4, "closed": 50}
