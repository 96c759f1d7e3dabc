"""The stock rows' locks, always in primary-key order (`of=("self",)`: never the joined rows),
each queryset evaluated into a list at once. Every stock writer takes them: order placement
(after the products), giving units back, staff counts."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from commerce.stock.models import StockRecord


def lock_stock_records(product_ids: Iterable[int]) -> dict[int, list[StockRecord]]:
    """The products' stock rows in active warehouses, locked, with their warehouse, by
    product id."""
    records = list(
        StockRecord.objects.sellable()
        .filter(product_id__in=sorted(set(product_ids)))
        .select_related("warehouse")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    by_product: dict[int, list[StockRecord]] = defaultdict(list)
    for record in records:
        by_product[record.product_id].append(record)
    return by_product


def lock_product_stock(product_id: int) -> dict[int, StockRecord]:
    """Every stock row of one product (active warehouses or not), locked, by warehouse id."""
    records = list(
        StockRecord.objects.filter(product_id=product_id)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    return {record.warehouse_id: record for record in records}


def lock_warehouse_rows(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The stock rows of these (product id, warehouse id) pairs, locked: (pk, product id,
    warehouse id) each. The rows units are given back to."""
    condition = Q()
    for product_id, warehouse_id in pairs:
        condition |= Q(product_id=product_id, warehouse_id=warehouse_id)
    return list(
        StockRecord.objects.filter(condition)
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", "product_id", "warehouse_id")
    )
