"""Writes to stock that span rows: always under row locks taken in primary-key order."""

from dataclasses import dataclass

from django.db import connection, transaction

from commerce.stock import signals
from commerce.stock.locks import lock_stock_rows, lock_variant_stock
from commerce.stock.models import StockRecord


@dataclass(frozen=True)
class StockCount:
    """A quantity staff typed for one warehouse, with the quantity they were shown."""

    warehouse_id: int
    quantity: int
    seen_quantity: int | None = None  # None: a row they added


@dataclass(frozen=True)
class StockCountResult:
    warehouse_id: int
    record_id: int
    quantity: int  # what the database holds now
    applied: bool  # False: stock changed meanwhile and the typed count was not applied

    @property
    def conflict(self) -> bool:
        return not self.applied


def set_stock_counts(
    *,
    product_id: int,
    variant_id: int,
    counts: list[StockCount],
    removed_warehouse_ids: tuple[int, ...] = (),
) -> list[StockCountResult]:
    """Set counted quantities of one variant (of product `product_id`), compare-and-set per
    warehouse.

    Orders change stock while staff have the product form open. A count is applied only when
    the warehouse still holds what staff saw (or already holds the typed value, so a repeated
    submit changes nothing); otherwise the current quantity is kept and reported, so a count
    never silently undoes what orders took.
    """
    with transaction.atomic():
        records = lock_variant_stock(variant_id)
        results = [
            _apply(product_id, variant_id, records.get(count.warehouse_id), count)
            for count in counts
        ]
        StockRecord.objects.filter(
            variant_id=variant_id, warehouse_id__in=removed_warehouse_ids
        ).delete()
        signals.send_after_commit([product_id])
    return results


def _apply(
    product_id: int, variant_id: int, record: StockRecord | None, count: StockCount
) -> StockCountResult:
    if record is None:
        record = StockRecord.objects.create(
            product_id=product_id,
            variant_id=variant_id,
            warehouse_id=count.warehouse_id,
            quantity=count.quantity,
        )
        return StockCountResult(count.warehouse_id, record.pk, record.quantity, applied=True)
    unchanged_since_seen = count.seen_quantity is None or record.quantity == count.seen_quantity
    if record.quantity != count.quantity and unchanged_since_seen:
        StockRecord.objects.filter(pk=record.pk).update(quantity=count.quantity)
        record.quantity = count.quantity
    applied = record.quantity == count.quantity
    return StockCountResult(count.warehouse_id, record.pk, record.quantity, applied=applied)


@dataclass(frozen=True)
class StockUpdate:
    """One row of a stock sync: an absolute `quantity` (applied only if the row holds
    `expected`, when given) or a `delta`. Stock is per variant (of product `product_id`)."""

    product_id: int
    variant_id: int
    warehouse_id: int
    quantity: int | None = None
    expected: int | None = None
    delta: int | None = None


@dataclass(frozen=True)
class StockUpdateProblem:
    index: int  # of the update in the batch
    code: str  # "conflict": not the expected quantity; "negative" or "too_large": the result
    current: int


class StockUpdatesRejected(Exception):
    """Nothing of the batch was applied."""

    def __init__(self, problems: list[StockUpdateProblem]):
        super().__init__(f"{len(problems)} stock updates cannot be applied.")
        self.problems = problems


STOCK_MAX = 2**31 - 1


def apply_stock_updates(*, updates: list[StockUpdate]) -> list[int]:
    """Apply a batch of stock updates all or nothing; return the new quantity of each.

    Missing rows start at 0. The rows are locked in primary-key order, the same locks order
    placement takes, so a sync never overwrites a sale it did not see: a delta adds to what
    the row holds under the lock, and an absolute quantity guarded by `expected` is refused
    (`StockUpdatesRejected`, code "conflict", with the current value) when an order changed
    the row since the caller read it. Updates of the same row apply in order.
    """
    pairs = sorted({(update.variant_id, update.warehouse_id) for update in updates})
    product_of = {update.variant_id: update.product_id for update in updates}
    with transaction.atomic():
        # Sorted inserts: two syncs creating the same rows wait for each other in one order.
        StockRecord.objects.bulk_create(
            [
                StockRecord(product_id=product_of[v], variant_id=v, warehouse_id=w, quantity=0)
                for v, w in pairs
            ],
            ignore_conflicts=True,
            batch_size=5000,  # 4 parameters a row, PostgreSQL takes 65,535 at most
        )
        locked = lock_stock_rows(pairs)
        row_of = {(variant_id, warehouse_id): pk for pk, variant_id, warehouse_id, _q in locked}
        before = {pk: quantity for pk, _v, _w, quantity in locked}
        quantities = dict(before)
        results, problems = [], []
        for index, update in enumerate(updates):
            pk = row_of[(update.variant_id, update.warehouse_id)]
            current = quantities[pk]
            if update.expected is not None and current != update.expected:
                problems.append(StockUpdateProblem(index, "conflict", current))
                continue
            new = update.quantity if update.delta is None else current + update.delta
            if not 0 <= new <= STOCK_MAX:
                problems.append(
                    StockUpdateProblem(index, "negative" if new < 0 else "too_large", current)
                )
                continue
            quantities[pk] = new
            results.append(new)
        if problems:
            raise StockUpdatesRejected(problems)
        changed = {pk: new for pk, new in quantities.items() if new != before[pk]}
        _set_quantities(changed)
        # Only what moved: a sync that repeats the counts leaves the page cache alone.
        signals.send_after_commit(
            product_of[variant] for (variant, _w), pk in row_of.items() if pk in changed
        )
    return results


def _set_quantities(quantities: dict[int, int]) -> None:
    """One UPDATE for any number of rows (ids and values as two arrays): Django's
    `bulk_update` writes a CASE with a branch per row, slow past a few hundred rows."""
    if not quantities:
        return
    table = connection.ops.quote_name(StockRecord._meta.db_table)
    ids = sorted(quantities)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} s SET quantity = new.quantity
            FROM unnest(%s::bigint[], %s::integer[]) AS new (id, quantity)
            WHERE s.id = new.id
            """,
            [ids, [quantities[pk] for pk in ids]],
        )
