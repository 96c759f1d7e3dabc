"""Mail about orders. Called from `transaction.on_commit`, never inside the transaction."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from commerce.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)


def send_order_confirmation(*, order: Order, lines: list[OrderLine]) -> None:
    """Tell the customer their order was placed (from the in-memory order: no queries)."""
    context = {"order": order, "lines": lines, "shop_name": settings.WAGTAIL_SITE_NAME}
    send_mail(
        subject=f"Your order {order.number} at {settings.WAGTAIL_SITE_NAME}",
        message=render_to_string("orders/email/confirmation.txt", context),
        from_email=None,
        recipient_list=[order.email],
    )
    logger.info("Order %s: confirmation sent", order.number)
