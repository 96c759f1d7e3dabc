"""The payment part of the order's pages and e-mail, supplied by payments (which may import
orders; orders never imports payments)."""

from django import template

from commerce.payments.providers import get_provider
from commerce.payments.services import payment_context

register = template.Library()


@register.simple_tag
def order_payment(order) -> dict:
    """`{% order_payment order as payment %}`: instructions and whether to offer paying
    online, for `payments/includes/pay_order.html`."""
    return payment_context(order)


@register.simple_tag
def payment_instructions(order) -> str:
    """What the confirmation e-mail tells the customer about paying."""
    return get_provider(order.payment_provider).instructions(order)
