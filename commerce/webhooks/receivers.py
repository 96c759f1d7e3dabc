"""Turning what the lower apps report into webhook events. They never import this app:
orders sends `order_placed` and `order_status_changed`, stock sends `availability_changed`
(all after commit), and a saved product is a model signal.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from commerce.catalog.models import Product
from commerce.catalog.signals import products_changed
from commerce.orders.models import Order, OrderStatus
from commerce.orders.signals import order_placed, order_status_changed
from commerce.stock.availability import with_sellable_quantity
from commerce.stock.signals import availability_changed
from commerce.webhooks.models import Event, LowStockMark
from commerce.webhooks.payloads import order_summary, product_summary
from commerce.webhooks.services import emit, has_subscribers

# Saves that only move Wagtail's bookkeeping (locks, revisions) are not product changes.
BOOKKEEPING_FIELDS = frozenset(
    {
        "locked",
        "locked_at",
        "locked_by",
        "latest_revision",
        "has_unpublished_changes",
        "draft_title",
        "search_vector",
    }
)


def on_order_placed(*, order_id: int, **kwargs) -> None:
    if not has_subscribers(Event.ORDER_CREATED):  # the usual case: one query, not two
        return
    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        emit(Event.ORDER_CREATED, [{"order": order_summary(order)}])


def on_order_status_changed(*, order_id: int, from_status: str, to_status: str, **kwargs):
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return
    data = {"order": order_summary(order), "from_status": from_status, "to_status": to_status}
    emit(Event.ORDER_STATUS_CHANGED, [data])
    if to_status == OrderStatus.PAID:
        emit(Event.ORDER_PAID, [{"order": order_summary(order)}])


def on_availability_changed(*, product_ids, **kwargs) -> None:
    """stock.low when a product's sellable units fall to the threshold or below (0 too)
    from above it; it fires again only after the product went above the threshold. The
    products now low are marked, so a stock sync every minute does not repeat it."""
    if not has_subscribers(Event.STOCK_LOW):
        return
    threshold = settings.SHOP_LOW_STOCK_THRESHOLD
    products = with_sellable_quantity(Product.objects.filter(pk__in=product_ids)).order_by("pk")
    low = {product.pk: product for product in products if product.sellable_quantity <= threshold}
    marked = set(
        LowStockMark.objects.filter(product_id__in=product_ids).values_list("product_id", flat=True)
    )
    LowStockMark.objects.filter(product_id__in=marked - low.keys()).delete()
    newly_low = [low[pk] for pk in sorted(low.keys() - marked)]
    LowStockMark.objects.bulk_create(
        [LowStockMark(product_id=product.pk) for product in newly_low], ignore_conflicts=True
    )
    emit(
        Event.STOCK_LOW,
        [
            {
                "product": product_summary(product),
                "quantity": product.sellable_quantity,
                "threshold": threshold,
            }
            for product in newly_low
        ],
    )


class _ProductBatch:
    """The products saved in one transaction: one product.updated each, after commit."""

    def __init__(self):
        self.ids: set[int] = set()
        self.done = False

    def __call__(self):
        self.done = True
        emit_product_updated(sorted(self.ids))


def on_product_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        emit_product_updated([instance.pk])
        return
    waiting = (call for _sids, call, _robust in reversed(connection.run_on_commit))
    batch = next((c for c in waiting if isinstance(c, _ProductBatch) and not c.done), None)
    if batch is None:
        batch = _ProductBatch()
        transaction.on_commit(batch, robust=True)
    batch.ids.add(instance.pk)


def on_products_changed(sender, product_ids, **kwargs) -> None:
    emit_product_updated(list(product_ids))


def emit_product_updated(product_ids: list[int]) -> None:
    if not product_ids or not has_subscribers(Event.PRODUCT_UPDATED):
        return
    products = Product.objects.filter(pk__in=product_ids).order_by("pk")
    emit(Event.PRODUCT_UPDATED, [{"product": product_summary(p)} for p in products])


def connect() -> None:
    order_placed.connect(on_order_placed, dispatch_uid="webhooks_order_placed")
    order_status_changed.connect(on_order_status_changed, dispatch_uid="webhooks_order_status")
    availability_changed.connect(on_availability_changed, dispatch_uid="webhooks_stock_low")
    post_save.connect(on_product_saved, sender=Product, dispatch_uid="webhooks_product_saved")
    products_changed.connect(on_products_changed, dispatch_uid="webhooks_products_changed")
