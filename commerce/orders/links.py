"""The guest's link to their order (by its secret access token), for the confirmation e-mail."""

from django.conf import settings
from django.urls import reverse


def order_path(order) -> str:
    return reverse("orders:guest_detail", args=[order.access_token])


def order_link(order, request=None) -> str:
    """Absolute URL of the order's page: from the request when there is one, else from
    settings.WAGTAILADMIN_BASE_URL (the site's public base URL)."""
    if request is not None:
        return request.build_absolute_uri(order_path(order))
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + order_path(order)
