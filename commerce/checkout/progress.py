"""Where a shopper stands in the checkout: its steps, which are done, and the idle expiry.

The checkout's data lives in a `Checkout` row beside the shopper's cart, never in a form or a
cookie. After `CHECKOUT_IDLE_MINUTES` without a change it starts over; the cart stays.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commerce.cart.models import Cart
from commerce.checkout.models import Checkout, DeliveryMethod, PaymentMethod, new_idempotency_key

STEPS = ("address", "delivery", "payment", "review")
STEP_TITLES = {
    "address": "Contact and address",
    "delivery": "Delivery",
    "payment": "Payment",
    "review": "Review and place order",
}


def idle_minutes() -> int:
    return max(1, settings.CHECKOUT_IDLE_MINUTES)


def idle_limit() -> timedelta:
    return timedelta(minutes=idle_minutes())


def is_stale(checkout: Checkout, *, now: datetime) -> bool:
    return now - checkout.updated_at > idle_limit()


def open_checkout(cart: Cart, *, now: datetime | None = None) -> tuple[Checkout, bool]:
    """The cart's checkout and whether it had just expired.

    Created on first use. One left idle too long, or one that already placed its order (the
    shopper is buying again), starts over with a new idempotency key; every other visit
    counts as activity.
    """
    now = now or timezone.now()
    checkout = (
        Checkout.objects.select_related("delivery_method", "payment_method")
        .filter(cart=cart)
        .first()
    )
    if checkout is None:
        checkout, _created = Checkout.objects.get_or_create(cart=cart)
        return checkout, False
    placed = checkout.order_id is not None
    expired = not placed and is_stale(checkout, now=now)
    if expired or placed:
        start_over(checkout)
    else:
        Checkout.objects.filter(pk=checkout.pk).update(updated_at=now)
    return checkout, expired


def find_checkout(cart: Cart) -> Checkout | None:
    """The cart's checkout as it is (nothing reset), with the order it placed, if any."""
    return Checkout.objects.select_related("order").filter(cart=cart).first()


def expire_if_stale(checkout: Checkout) -> bool:
    if not is_stale(checkout, now=timezone.now()):
        return False
    start_over(checkout)
    return True


def start_over(checkout: Checkout) -> None:
    """Forget everything entered; a new key, so the next submission is a new order. Under the
    row lock, so it never interleaves with a submission of the same checkout."""
    with transaction.atomic():
        lock(checkout)
        for name in Checkout.ADDRESS_FIELDS:
            setattr(checkout, name, "")
        checkout.delivery_method = None
        checkout.payment_method = None
        checkout.order = None
        checkout.idempotency_key = new_idempotency_key()
        checkout.save()


def prefill(checkout: Checkout, *, user) -> None:
    """A logged-in shopper starts from their e-mail and their last address (in memory only)."""
    if user is None or not user.is_authenticated or checkout.has_address:
        return
    from commerce.accounts.addresses import last_address

    checkout.email = checkout.email or user.email
    for name, value in (last_address(user) or {}).items():
        if not getattr(checkout, name, None):
            setattr(checkout, name, value)


def save_address(checkout: Checkout, fields: dict) -> None:
    """Only the address fields: a full save from this request's copy could write back an
    order another request has just placed."""
    for name in Checkout.ADDRESS_FIELDS:
        setattr(checkout, name, fields.get(name, ""))
    checkout.save(update_fields=[*Checkout.ADDRESS_FIELDS, "updated_at"])


def choose_delivery(checkout: Checkout, method: DeliveryMethod) -> None:
    checkout.delivery_method = method
    checkout.save(update_fields=["delivery_method", "updated_at"])


def choose_payment(checkout: Checkout, method: PaymentMethod) -> None:
    checkout.payment_method = method
    checkout.save(update_fields=["payment_method", "updated_at"])


def completed_steps(checkout: Checkout) -> set[str]:
    done = set()
    if checkout.has_address:
        done.add("address")
    if _active(checkout.delivery_method):
        done.add("delivery")
    if _active(checkout.payment_method):
        done.add("payment")
    return done


def first_open_step(checkout: Checkout) -> str:
    """The first step still to do; "review" when all are done."""
    done = completed_steps(checkout)
    return next((step for step in STEPS if step not in done), "review")


def may_enter(checkout: Checkout, step: str) -> bool:
    """A step is open once every step before it is done."""
    done = completed_steps(checkout)
    return all(earlier in done for earlier in STEPS[: STEPS.index(step)])


def lock(checkout: Checkout) -> Checkout:
    """Re-read the checkout under a row lock (inside a transaction): two submissions of the
    same checkout take turns, and the second sees the order the first placed."""
    assert transaction.get_connection().in_atomic_block
    return Checkout.objects.select_for_update(of=("self",)).get(pk=checkout.pk)


def _active(method) -> bool:
    return method is not None and method.is_active
