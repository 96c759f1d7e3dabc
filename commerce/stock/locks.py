"""The stock rows' locks, always in primary-key order (`of=("self",)`: never the joined rows),
each queryset evaluated into a list at once. Order placement's is `FOR NO KEY UPDATE` (as the
product lock, `commerce.catalog.locks`): every writer of these rows still waits for it, a
foreign-key check of a row naming them does not. Every stock writer takes them: order placement
(after the products and their variants), giving units back, staff counts, the stock sync.

Stock is kept per product variant; a row names its product too."""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import F

from commerce.queries import InArray, PreparedQuery
from commerce.stock.models import StockRecord

# Its SQL is built once per process (commerce.queries), the variant ids one array parameter.
_LOCKED_SELLABLE = PreparedQuery(
    lambda variant_ids: (
        StockRecord.objects.sellable()
        .filter(InArray(F("variant_id"), variant_ids))
        .select_related("warehouse")
        .order_by("pk")
        .select_for_update(of=("self",), no_key=True)
    ),
    slot=[-1],
)


def lock_stock_records(variant_ids: Iterable[int]) -> dict[int, list[StockRecord]]:
    """The variants' stock rows in active warehouses, locked, with their warehouse, by
    variant id."""
    records = _LOCKED_SELLABLE.objects(sorted(set(variant_ids)))
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


def lock_stock_rows(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """The stock rows of these (variant id, warehouse id) pairs, locked, in one query:
    (pk, variant id, warehouse id, quantity) each. The pairs are joined as two arrays
    (`unnest`), so 10,000 of them cost one short statement, not 10,000 ORed conditions."""
    pairs = sorted(set(pairs))
    if not pairs:
        return []
    table = connection.ops.quote_name(StockRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.id, s.variant_id, s.warehouse_id, s.quantity
            FROM {table} s
            JOIN unnest(%s::bigint[], %s::bigint[]) AS wanted (variant_id, warehouse_id)
              ON s.variant_id = wanted.variant_id AND s.warehouse_id = wanted.warehouse_id
            ORDER BY s.id
            FOR UPDATE OF s
            """,
            [[variant for variant, _w in pairs], [warehouse for _v, warehouse in pairs]],
        )
        return cursor.fetchall()


def lock_warehouse_rows(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The stock rows of these (variant id, warehouse id) pairs, locked: (pk, variant id,
    warehouse id) each. The rows units are given back to."""
    return [(pk, variant, warehouse) for pk, variant, warehouse, _q in lock_stock_rows(pairs)]
