"""The one shape of an amount of money in the catalog's tables: 12 digits, 2 decimals."""

from django.db import models


def money_field(*args, **options) -> models.DecimalField:
    return models.DecimalField(*args, max_digits=12, decimal_places=2, **options)


def compare_at_price_field(help_text: str) -> models.DecimalField:
    """The former price, optional: shown struck through when higher than the price."""
    return money_field("compare-at price", null=True, blank=True, help_text=help_text)
