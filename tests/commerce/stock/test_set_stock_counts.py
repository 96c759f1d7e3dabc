import pytest

from commerce.stock.models import StockRecord
from commerce.stock.services import StockCount, set_stock_counts
from tests.fixtures.catalog import make_warehouse, only_variant, set_stock, stock_by_warehouse

pytestmark = pytest.mark.django_db


def test_a_count_over_unchanged_stock_is_applied(product, warehouse):
    [result] = set_stock_counts(
        product_id=product.pk,
        variant_id=only_variant(product).pk,
        counts=[StockCount(warehouse.pk, 20, seen_quantity=12)],
    )

    assert (result.quantity, result.applied) == (20, True)
    assert stock_by_warehouse(product) == {"main": 20}


def test_a_count_over_stock_changed_meanwhile_is_refused(product, warehouse):
    set_stock(product, warehouse, 9)  # an order took 3 after staff saw 12

    [result] = set_stock_counts(
        product_id=product.pk,
        variant_id=only_variant(product).pk,
        counts=[StockCount(warehouse.pk, 20, seen_quantity=12)],
    )

    assert (result.quantity, result.conflict) == (9, True)
    assert stock_by_warehouse(product) == {"main": 9}


def test_new_rows_are_created_and_removed_rows_deleted(product, warehouse):
    north = make_warehouse("north")

    [result] = set_stock_counts(
        product_id=product.pk,
        variant_id=only_variant(product).pk,
        counts=[StockCount(north.pk, 4)],
        removed_warehouse_ids=(warehouse.pk,),
    )

    assert result.record_id == StockRecord.objects.get(warehouse=north).pk
    assert stock_by_warehouse(product) == {"north": 4}
