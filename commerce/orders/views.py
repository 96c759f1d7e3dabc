"""The guest's order page, reached only through the secret link in the confirmation e-mail.
An unknown token answers 404; nothing else (number, id) finds an order here."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from commerce.orders.models import Order, OrderLine, OrderStatusChange


@require_safe
@never_cache
def guest_detail(request, token: str):
    order = (
        Order.objects.filter(access_token=token)
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
            Prefetch(
                "status_changes", queryset=OrderStatusChange.objects.order_by("created_at", "pk")
            ),
        )
        .first()
    )
    if order is None:
        raise Http404("No such order.")
    response = render(
        request,
        "orders/guest_detail.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "history": order.status_changes.all(),
        },
    )
    # The token is in the URL: never hand it to another site in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response
