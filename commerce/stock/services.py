"""Writes to stock that span rows: always under row locks taken in primary-key order."""

from dataclasses import dataclass

from django.db import transaction

from commerce.stock import signals
from commerce.stock.locks import lock_product_stock
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
    *, product_id: int, counts: list[StockCount], removed_warehouse_ids: tuple[int, ...] = ()
) -> list[StockCountResult]:
    """Set counted quantities, compare-and-set per warehouse.

    Orders change stock while staff have the product form open. A count is applied only when
    the warehouse still holds what staff saw (or already holds the typed value, so a repeated
    submit changes nothing); otherwise the current quantity is kept and reported, so a count
    never silently undoes what orders took.
    """
    with transaction.atomic():
        records = lock_product_stock(product_id)
        results = [_apply(product_id, records.get(count.warehouse_id), count) for count in counts]
        StockRecord.objects.filter(
            product_id=product_id, warehouse_id__in=removed_warehouse_ids
        ).delete()
        signals.send_after_commit([product_id])
    return results


def _apply(product_id: int, record: StockRecord | None, count: StockCount) -> StockCountResult:
    if record is None:
        record = StockRecord.objects.create(
            product_id=product_id, warehouse_id=count.warehouse_id, quantity=count.quantity
        )
        return StockCountResult(count.warehouse_id, record.pk, record.quantity, applied=True)
    unchanged_since_seen = count.seen_quantity is None or record.quantity == count.seen_quantity
    if record.quantity != count.quantity and unchanged_since_seen:
        StockRecord.objects.filter(pk=record.pk).update(quantity=count.quantity)
        record.quantity = count.quantity
    applied = record.quantity == count.quantity
    return StockCountResult(count.warehouse_id, record.pk, record.quantity, applied=applied)
