"""Reads for the account pages, with everything their templates show loaded here."""

from django.db.models import Prefetch, QuerySet, Sum

from commerce.accounts.identity import normalise_email
from commerce.accounts.models import Address, VerifiedEmail
from commerce.orders.models import Order, OrderLine, OrderStatusChange

RECENT_ORDERS = 5


def order_history(user) -> QuerySet:
    """The shopper's orders, newest first, each with `item_count` (units) in the same query."""
    return (
        Order.objects.filter(user=user)
        .annotate(item_count=Sum("lines__quantity"))
        .order_by("-created_at", "-pk")
    )


def recent_orders(user) -> list[Order]:
    return list(order_history(user)[:RECENT_ORDERS])


def saved_addresses(user) -> list[Address]:
    return list(Address.objects.filter(owner=user).order_by("-last_used_at", "-pk"))


def is_email_verified(user) -> bool:
    return VerifiedEmail.objects.filter(user=user, email=normalise_email(user.email)).exists()


def with_details(orders: QuerySet) -> QuerySet:
    """Orders with their lines and status history prefetched (three queries in all)."""
    return orders.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
        Prefetch(
            "status_changes",
            queryset=OrderStatusChange.objects.order_by("created_at", "pk"),
        ),
    )


def shopper_order(user, number: str) -> Order | None:
    """The shopper's own order by number (any case), or None: another's order is not found."""
    number = (number or "").strip().upper()
    return with_details(Order.objects.filter(user=user, number=number)).first()
