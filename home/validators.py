"""The one rule for a link an editor types (link blocks, banners, slides, banner tiles)."""

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

MESSAGE = (
    "Enter a path on this site starting with a single / (/sale/), an https:// or http:// "
    "address, or a mailto: or tel: link, without spaces."
)


def is_safe_link(value: str) -> bool:
    """A site path (/sale/), an http(s) address with a host, or mailto:/tel:. Never //host or
    /\\host (another site), javascript: or data:, and no whitespace or control character
    anywhere (browsers drop tabs and newlines, so "/\\t/host" would become "//host")."""
    if not value or any(unicodedata.category(char)[0] in "CZ" for char in value):
        return False
    if value.startswith("/"):
        return value[1:2] not in ("/", "\\")
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname) and value[len(parts.scheme) :].startswith("://")
    return parts.scheme in ("mailto", "tel") and len(value) > len(parts.scheme) + 1


def validate_link(value: str) -> None:
    """An empty value passes: whether a link is required is the field's business."""
    if value and not is_safe_link(value):
        raise ValidationError(MESSAGE, code="unsafe_link")
