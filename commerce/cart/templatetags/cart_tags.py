from django import template

from commerce.cart.models import MAX_QUANTITY

register = template.Library()


@register.filter
def quantity_limit(availability) -> int:
    """The most a shopper may add at once: the stock, and never more than `MAX_QUANTITY`."""
    return min(getattr(availability, "quantity", 0), MAX_QUANTITY)
