"""The storefront's formatting filters, the same words as in e-mails, messages and the admin:
`money` and `delivery_cost` (from `commerce.pricing.money`), `country_name` (from
`commerce.countries`)."""

from django import template

from commerce import countries
from commerce.pricing.money import format_delivery_cost, format_money

register = template.Library()


@register.filter
def money(amount, currency=None) -> str:
    """Decimal("1234.5") -> "€1,234.50"; `{{ order.total|money:order.currency }}` writes an
    order in its own currency. Nothing for no amount."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.filter
def delivery_cost(amount, currency=None) -> str:
    """ "Free" for a delivery that costs nothing, the amount otherwise."""
    if amount is None or amount == "":
        return ""
    return format_delivery_cost(amount, currency)


@register.filter
def country_name(code) -> str:
    """ "DE" -> "Germany" in the shop's locale."""
    return countries.country_name(code)
