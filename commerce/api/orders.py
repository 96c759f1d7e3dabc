"""Orders: list and read, and the status changes an ERP or warehouse makes, each through
`commerce.orders.services` and recorded in the order's history with the token's name."""

from dataclasses import dataclass
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from pydantic import Field

from commerce.api import schemas, selectors
from commerce.api.auth import TokenAuth
from commerce.api.errors import ApiError
from commerce.api.idempotency import run_once
from commerce.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from commerce.api.query import only_query
from commerce.api.schemas import Error
from commerce.orders.exceptions import InvalidStatusTransition
from commerce.orders.models import Order, OrderStatus, PaymentState
from commerce.orders.services import (
    cancel_order,
    change_order_status,
    set_payment_state,
    ship_order,
)

router = Router(tags=["orders"])
READ = TokenAuth("orders:read")
WRITE = TokenAuth("orders:write")
ERRORS = {401: Error, 403: Error, 422: Error, 429: Error}
Number = Annotated[str, Field(max_length=40, pattern=r"^[-A-Za-z0-9]+$")]


@dataclass(frozen=True)
class TokenActor:
    """Stands in for a user in the order history: no account, the token's name."""

    name: str
    pk: None = None

    def get_username(self) -> str:
        return f"API: {self.name}"[:150]


@router.get("/orders", auth=READ, response={200: schemas.OrderPage, 400: Error, **ERRORS})
@only_query("updated_since", "status", "cursor", "limit")
def list_orders(
    request,
    updated_since: Query[schemas.Since | None] = None,
    status: Query[schemas.OrderStatusFilter | None] = None,
    cursor: Query[schemas.Cursor | None] = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Orders, oldest change first (pass `next_cursor` back as `cursor`)."""
    queryset = selectors.orders()
    if status:
        queryset = queryset.filter(status=status)
    rows, next_cursor = page(queryset, cursor=cursor, updated_since=updated_since, limit=limit)
    return {"items": [selectors.order_data(order) for order in rows], "next_cursor": next_cursor}


@router.get("/orders/{number}", auth=READ, response={200: schemas.Order, 404: Error, **ERRORS})
@only_query()
def get_order(request, number: Number):
    return selectors.order_data(get_object_or_404(selectors.orders(), number=number))


# 400: a body that is not JSON, or a bad Idempotency-Key.
TRANSITION_RESPONSES = {200: schemas.Order, 400: Error, 404: Error, 409: Error, **ERRORS}
WRITE_OPTIONS = {"exclude_none": True}


def _transition(request, number: str, change):
    """`change(order, actor)` through one orders service, once per Idempotency-Key."""

    def produce():
        order = get_object_or_404(Order, number=number)
        try:
            change(order, TokenActor(request.auth.name))
        except InvalidStatusTransition as error:
            raise ApiError(
                409,
                error.code,
                str(error),
                current_status=error.from_status,
            ) from None
        return 200, selectors.order_data(selectors.orders().get(pk=order.pk))

    return Status(*run_once(request, produce))


def _mark_paid(order: Order, actor: TokenActor, note: str) -> None:
    """Through `set_payment_state`, the one way an order's payment is recorded."""
    if not set_payment_state(order=order, state=PaymentState.PAID, actor=actor, note=note):
        order.refresh_from_db(fields=["status"])
        raise InvalidStatusTransition(from_status=order.status, to_status=OrderStatus.PAID)


@router.post(
    "/orders/{number}/mark-paid", auth=WRITE, response=TRANSITION_RESPONSES, **WRITE_OPTIONS
)
@only_query()
def mark_paid(request, number: Number, payload: schemas.TransitionIn):
    """A new order becomes paid (its payment state too)."""
    note = payload.note or "Marked paid"
    return _transition(request, number, lambda order, actor: _mark_paid(order, actor, note))


@router.post("/orders/{number}/ship", auth=WRITE, response=TRANSITION_RESPONSES, **WRITE_OPTIONS)
@only_query()
def ship(request, number: Number, payload: schemas.ShipIn):
    """A paid order is shipped; its carrier and tracking number are kept on the order (and
    shown to the customer) and, without a `note`, named in its history."""
    return _transition(
        request,
        number,
        lambda order, actor: ship_order(
            order=order,
            carrier=payload.carrier,
            tracking_number=payload.tracking_number,
            actor=actor,
            note=payload.note,
        ),
    )


@router.post("/orders/{number}/deliver", auth=WRITE, response=TRANSITION_RESPONSES, **WRITE_OPTIONS)
@only_query()
def deliver(request, number: Number, payload: schemas.TransitionIn):
    note = payload.note or "Delivered"
    return _transition(
        request,
        number,
        lambda order, actor: change_order_status(
            order=order, to=OrderStatus.DELIVERED, actor=actor, note=note
        ),
    )


@router.post("/orders/{number}/cancel", auth=WRITE, response=TRANSITION_RESPONSES, **WRITE_OPTIONS)
@only_query()
def cancel(request, number: Number, payload: schemas.TransitionIn):
    """A new or paid order is cancelled: its units go back to stock, its coupon use too."""
    note = payload.note or "Cancelled"
    return _transition(
        request,
        number,
        lambda order, actor: cancel_order(order=order, actor=actor, note=note),
    )
