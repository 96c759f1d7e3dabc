"""Conversions of single imported values; each raises Invalid with a reason."""

import re
from decimal import Decimal, InvalidOperation

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from commerce.catalog.importing.problems import Invalid
from commerce.catalog.models import ProductStatus

MONEY_DECIMALS = 2
MAX_PRICE_DIGITS = 10  # Product.price: max_digits=12, decimal_places=2

# What rich text may contain when it comes from a file: the editor's own features.
RICH_TEXT_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s",
    "ul", "ol", "li", "a", "hr", "blockquote", "code", "sub", "sup",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}


def to_text(value, *, max_length: int, required: bool = False) -> str:
    if not isinstance(value, str):
        raise Invalid("must be text")
    text = value.strip()
    if required and not text:
        raise Invalid("is required")
    if len(text) > max_length:
        raise Invalid(f"is longer than {max_length} characters")
    return text


def to_swatch_colour(value) -> str:
    """ "#1F3A5F" -> "#1f3a5f"; empty clears it."""
    text = to_text(value, max_length=7)
    if text and not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        raise Invalid("must be # and six hex digits, e.g. #1f3a5f")
    return text.lower()


def to_slug(value, *, max_length: int) -> str:
    text = to_text(value, max_length=max_length, required=True)
    try:
        validate_slug(text)
    except ValidationError:
        raise Invalid(f"'{text}' is not a slug (letters, digits, - and _ only)") from None
    return text


def to_money(value) -> Decimal:
    """A price: a decimal string or number, at least 0, at most 2 decimals.

    Floats are read through their shortest repr, so 49.9 is 49.90 but 0.1 + 0.2 is refused.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise Invalid("must be a decimal number like 49.90")
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if not text:
        raise Invalid("is empty")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Invalid(f"'{value}' is not a number") from None
    if not amount.is_finite():
        raise Invalid(f"'{value}' is not a number")
    if amount < 0:
        raise Invalid(f"{value} is negative")
    if amount and amount.adjusted() >= MAX_PRICE_DIGITS:
        raise Invalid(f"{value} is too large")
    # normalize() drops trailing zeros, so 49.900 counts as 2 decimals and 49.901 as 3.
    if amount.normalize().as_tuple().exponent < -MONEY_DECIMALS:
        raise Invalid(f"{value} has more than 2 decimals")
    return Decimal(f"{amount:.{MONEY_DECIMALS}f}")  # exact: 49.9 -> 49.90, never rounded


def to_optional_money(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_money(value)


def to_whole_number(value, *, maximum: int) -> int:
    """A whole number from 0 to maximum, given as a number or digits."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"'{value}' is not a whole number")
    if value < 0:
        raise Invalid(f"{value} is negative")
    if value > maximum:
        raise Invalid(f"{value} is too large")
    return value


def to_bool(value) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


def to_status(value) -> str:
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in ProductStatus.values:
        raise Invalid(f"'{value}' is not one of {', '.join(ProductStatus.values)}")
    return text


def to_rich_text(value) -> str:
    """HTML from the file, reduced to what the rich text editor itself produces."""
    if not isinstance(value, str):
        raise Invalid("must be text (HTML)")
    return nh3.clean(
        value.strip(), tags=RICH_TEXT_TAGS, attributes=RICH_TEXT_ATTRIBUTES, link_rel=None
    )


def title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").strip().capitalize() or slug
