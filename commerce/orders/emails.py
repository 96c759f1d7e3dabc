"""Mail about orders, sent by the tasks in `commerce.orders.tasks` (never inside a request)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from commerce.orders.links import order_link
from commerce.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)


def send_order_confirmation(*, order: Order, lines: list[OrderLine]) -> None:
    """Tell the customer their order was placed (from the in-memory order: no queries; the
    payment instructions come from the payments app's `payment_instructions` tag)."""
    context = {
        "order": order,
        "lines": lines,
        "shop_name": settings.WAGTAIL_SITE_NAME,
        "order_link": order_link(order),
    }
    send_mail(
        subject=f"Your order {order.number} at {settings.WAGTAIL_SITE_NAME}",
        message=render_to_string("orders/email/confirmation.txt", context),
        from_email=None,
        recipient_list=[order.email],
    )
    logger.info("Order %s: confirmation sent", order.number)


def send_low_stock_alert(*, order_number: str, low: list[tuple[str, str, int]]) -> None:
    """Tell staff (`SHOP_STOCK_ALERT_EMAILS`) which products an order left low:
    (name, SKU, units left) each."""
    recipients = settings.SHOP_STOCK_ALERT_EMAILS
    if not recipients or not low:
        return
    rows = "\n".join(f"- {name} ({sku}): {left} left" for name, sku, left in low)
    send_mail(
        subject=f"Low stock after order {order_number}",
        message=f"Order {order_number} left these products low on stock:\n\n{rows}\n",
        from_email=None,
        recipient_list=recipients,
    )
    logger.info("Order %s: low-stock alert for %d products", order_number, len(low))
