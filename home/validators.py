from django.core.exceptions import ValidationError


def validate_link(value: str) -> None:
    """A site path (/sale/) or an http(s) address: never javascript:, data: or //host links."""
    is_path = value.startswith("/") and not value.startswith("//")
    if value and not (is_path or value.startswith(("https://", "http://"))):
        raise ValidationError("Enter a path starting with / or an http(s):// address.")
