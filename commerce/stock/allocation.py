"""Taking ordered units out of warehouses, and giving them back.

Stock is kept per product variant. Both run inside the caller's transaction. Taking expects
the variant's stock rows to be locked
already (`select_for_update`, primary-key order); every decrement is still a guarded
`UPDATE ... SET quantity = quantity - n WHERE quantity >= n` whose row count is checked, so
even a caller that forgot the lock can never oversell or go below zero. Giving back locks the
rows it touches in primary-key order, the same order every other stock writer uses.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F

from commerce.stock.locks import lock_warehouse_rows
from commerce.stock.models import StockRecord


class StockError(Exception):
    code = "stock_error"


class InsufficientStock(StockError):
    code = "insufficient_stock"

    def __init__(self, *, product_id: int, variant_id: int, requested: int, available: int):
        super().__init__(f"Variant {variant_id}: {requested} requested, {available} available.")
        self.product_id = product_id
        self.variant_id = variant_id
        self.requested = requested
        self.available = available


@dataclass(frozen=True)
class Allocation:
    """Units of one product variant taken from (or given back to) one warehouse."""

    product_id: int
    variant_id: int
    warehouse_id: int
    quantity: int


def priority_order(records: Iterable[StockRecord]) -> list[StockRecord]:
    """Warehouses in the order orders take from them: lower priority number first."""
    return sorted(records, key=lambda r: (r.warehouse.priority, r.warehouse.code, r.pk))


def plan_allocation(
    *, product_id: int, variant_id: int, records: Iterable[StockRecord], quantity: int
) -> list[Allocation]:
    """Which warehouse gives how many units, without writing anything."""
    records = priority_order(records)
    plan, remaining = [], quantity
    for record in records:
        if remaining == 0:
            break
        take = min(remaining, record.quantity)
        if take > 0:
            plan.append(Allocation(product_id, variant_id, record.warehouse_id, take))
            remaining -= take
    if remaining:
        available = sum(record.quantity for record in records)
        raise InsufficientStock(
            product_id=product_id, variant_id=variant_id, requested=quantity, available=available
        )
    return plan


def allocate(
    *, product_id: int, variant_id: int, records: list[StockRecord], quantity: int
) -> list[Allocation]:
    """Take `quantity` units of a product variant from its (locked) sellable stock records.

    One guarded UPDATE per warehouse used. Raises `InsufficientStock` when the records do not
    hold enough; the caller's transaction must then roll back whatever was taken before.
    """
    plan = plan_allocation(
        product_id=product_id, variant_id=variant_id, records=records, quantity=quantity
    )
    by_warehouse = {record.warehouse_id: record for record in records}
    for allocation in plan:
        record = by_warehouse[allocation.warehouse_id]
        taken = StockRecord.objects.filter(pk=record.pk, quantity__gte=allocation.quantity).update(
            quantity=F("quantity") - allocation.quantity
        )
        if taken != 1:
            raise InsufficientStock(
                product_id=product_id,
                variant_id=variant_id,
                requested=quantity,
                available=record.quantity,
            )
        record.quantity -= allocation.quantity
    return plan


def give_back(*, allocations: Iterable[Allocation]) -> None:
    """Return allocated units to the warehouses they came from (`F()` increments).

    The stock rows are locked first in primary-key order. A row staff removed meanwhile is
    created again with the returned units.
    """
    totals: dict[tuple[int, int], int] = {}
    product_of: dict[int, int] = {}
    for allocation in allocations:
        key = (allocation.variant_id, allocation.warehouse_id)
        totals[key] = totals.get(key, 0) + allocation.quantity
        product_of[allocation.variant_id] = allocation.product_id
    if not totals:
        return
    for pk, variant_id, warehouse_id in lock_warehouse_rows(totals):
        quantity = totals.pop((variant_id, warehouse_id))
        StockRecord.objects.filter(pk=pk).update(quantity=F("quantity") + quantity)
    for (variant_id, warehouse_id), quantity in sorted(totals.items()):
        StockRecord.objects.create(
            product_id=product_of[variant_id],
            variant_id=variant_id,
            warehouse_id=warehouse_id,
            quantity=quantity,
        )
