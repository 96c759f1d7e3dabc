"""Saved addresses for the checkout: the last one used, and remembering a new one.

Fields are named as on `Order`: name, phone, address_line1, address_line2, postal_code, city,
country (ISO 3166-1 alpha-2).
"""

from django.utils import timezone

from commerce.accounts.models import ADDRESS_FIELDS, Address


def last_address(user) -> dict | None:
    """The address the shopper used most recently, or None (also for a guest)."""
    if user is None or not user.is_authenticated:
        return None
    address = Address.objects.filter(owner=user).order_by("-last_used_at", "-pk").first()
    return address.address_fields() if address is not None else None


def remember_address(user, fields: dict) -> None:
    """Save the address for the shopper (nothing for a guest). The same address again only
    becomes the latest: one upsert, so two checkouts at once never store it twice."""
    if user is None or not user.is_authenticated:
        return
    values = normalise(fields)
    if not is_complete(values):
        return  # a convenience: an address the checkout would not take is not kept
    Address.objects.bulk_create(
        [Address(owner=user, last_used_at=timezone.now(), **values)],
        update_conflicts=True,
        unique_fields=["owner", *ADDRESS_FIELDS],
        update_fields=["last_used_at"],
    )


def normalise(fields: dict) -> dict:
    """Trimmed strings with inner whitespace collapsed and an upper-case country, so the same
    address typed twice is one address."""
    values = {field: " ".join(str(fields.get(field) or "").split()) for field in ADDRESS_FIELDS}
    values["country"] = values["country"].upper()
    return values


def is_complete(values: dict) -> bool:
    """Every required field filled, each within its column's length, a two-letter country."""
    required = ("name", "address_line1", "postal_code", "city", "country")
    return (
        all(values[field] for field in required)
        and len(values["country"]) == 2
        and values["country"].isalpha()
        and all(
            len(values[field]) <= Address._meta.get_field(field).max_length
            for field in ADDRESS_FIELDS
        )
    )
