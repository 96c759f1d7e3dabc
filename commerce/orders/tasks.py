"""Order mail as background tasks: enqueued after the order commits, retried while the mail
server is away, sent at most once per order."""

from django_tasks import task

from commerce.background import retry_transient, run_once
from commerce.orders import emails
from commerce.orders.models import Order


@task()
@retry_transient
def send_order_confirmation(*, order_id: int) -> bool:
    """Mail the customer their order; False when it was sent before or the order is gone."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    lines = list(order.lines.order_by("pk"))
    return run_once(
        f"order-confirmation:{order_id}",
        lambda: emails.send_order_confirmation(order=order, lines=lines),
    )


@task()
@retry_transient
def send_low_stock_alert(*, order_number: str, low: list[list]) -> bool:
    """Tell staff which products an order left low: [name, SKU, units left] each."""
    return run_once(
        f"low-stock-alert:{order_number}",
        lambda: emails.send_low_stock_alert(order_number=order_number, low=low),
    )
