"""Where a form may send the shopper next: only a path on this site.

One rule for every `next=` the storefront follows (login, sign-up, add to cart, save to list):
no other host (no open redirect), and no bare word, which `redirect()` would take for a view
name and fail on.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None) -> str:
    """`value` when it is a path on this site, else ""."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return ""
