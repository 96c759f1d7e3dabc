"""The stock rows' locks, always in primary-key order (`of=("self",)`: never the joined rows),
each queryset evaluated into a list at once. Every stock writer takes them: order placement
(after the products and their variants), giving units back, staff counts, the stock sync.

Stock is kept per product variant; a row names its product too."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from commerce.stock.models import StockRecord


def lock_stock_records(variant_ids: Iterable[int]) -> dict[int, list[StockRecord]]:
    """The variants' stock rows in active warehouses, locked, with their warehouse, by
    variant id."""
    records = list(
        StockRecord.objects.sellable()
        .filter(variant_id__in=sorted(set(variant_ids)))
        .select_related("warehouse")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    by_variant: dict[int, list[StockRecord]] = defaultdict(list)
    for record in records:
        by_variant[record.variant_id].append(record)
    return by_variant


def lock_variant_stock(variant_id: int) -> dict[int, StockRecord]:
    """Every stock row of one variant (active warehouses or not), locked, by warehouse id."""
    records = list(
        StockRecord.objects.filter(variant_id=variant_id)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    return {record.warehouse_id: record for record in records}


def lock_warehouse_rows(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The stock rows of these (variant id, warehouse id) pairs, locked: (pk, variant id,
    warehouse id) each. The rows units are given back to."""
    condition = Q()
    for variant_id, warehouse_id in pairs:
        condition |= Q(variant_id=variant_id, warehouse_id=warehouse_id)
    return list(
        StockRecord.objects.filter(condition)
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", "variant_id", "warehouse_id")
    )
