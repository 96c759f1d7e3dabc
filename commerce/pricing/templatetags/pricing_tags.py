"""The storefront's `money` filter: the same words as `format_money` in e-mails and messages."""

from django import template

from commerce.pricing.money import format_money

register = template.Library()


@register.filter
def money(amount) -> str:
    """Decimal("1234.5") -> "1,234.50 EUR"; nothing for no amount."""
    if amount is None or amount == "":
        return ""
    return format_money(amount)
