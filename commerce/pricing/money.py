"""Money: the one place in the shop that rounds an amount. Every amount is a `Decimal`,
rounded to cents half-up, shown as "1,234.50 EUR" (`settings.SHOP_CURRENCY`)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    """A value rounded to cents half-up: money("2.675") -> Decimal("2.68")."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount) -> str:
    """Decimal("1234.5") -> "1,234.50 EUR". A float is refused: it would already have lost
    cents."""
    if isinstance(amount, float):
        raise TypeError("money takes a Decimal, never a float")
    return f"{money(amount):,.2f} {settings.SHOP_CURRENCY}"
