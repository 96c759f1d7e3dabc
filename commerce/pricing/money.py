"""Money: the one place in the shop that rounds and writes an amount. Every amount is a
`Decimal`, rounded to cents half-up, written by Babel in the shop's locale
(`settings.SHOP_LOCALE`, `settings.SHOP_CURRENCY`): "€1,234.50" in en_IE."""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_currency
from django.conf import settings

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FREE = "Free"


def money(value) -> Decimal:
    """A value rounded to cents half-up: money("2.675") -> Decimal("2.68")."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount, currency: str | None = None) -> str:
    """Decimal("1234.5") -> "€1,234.50" (en_IE, EUR). `currency` is an order's own currency;
    by default the shop's. A float is refused: it would already have lost cents."""
    if isinstance(amount, float):
        raise TypeError("money takes a Decimal, never a float")
    return _formatted(money(amount), currency or settings.SHOP_CURRENCY, settings.SHOP_LOCALE)


@lru_cache(maxsize=4096)
def _formatted(amount: Decimal, currency: str, locale: str) -> str:
    """Babel takes about 50 µs per amount; a shop shows the same few hundred prices."""
    return format_currency(amount, currency, locale=locale)


def format_delivery_cost(amount, currency: str | None = None) -> str:
    """A delivery cost: "Free" when it costs nothing, the amount otherwise."""
    return FREE if money(amount) == ZERO else format_money(amount, currency)
