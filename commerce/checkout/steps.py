"""Where a shopper stands in the checkout: its steps, which are done, and the idle expiry.
Reads only; the writes that move a shopper along are in `commerce.checkout.services`.

The checkout's data lives in a `Checkout` row beside the shopper's cart, never in a form or a
cookie. After `CHECKOUT_IDLE_MINUTES` without a change it starts over; the cart stays.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef

from commerce.cart.models import Cart, CartLine
from commerce.checkout.models import Checkout
from commerce.queries import PreparedQuery
from commerce.shoppers import identity

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


def touch_interval() -> timedelta:
    """How old the last recorded activity may be before a visit records itself again: a
    thirtieth of the idle limit (one minute of thirty). So most page views write nothing, and
    a checkout expires at most that much early."""
    return idle_limit() / 30


def is_stale(checkout: Checkout, *, now: datetime) -> bool:
    return now - checkout.updated_at > idle_limit()


def find_checkout(cart: Cart) -> Checkout | None:
    """The cart's checkout as it is (nothing reset): the one loaded with the cart by
    `checkout_cart`, else read (one query). None when the cart has none yet."""
    try:
        return cart.checkout
    except Checkout.DoesNotExist:
        return None


# Every checkout step reads it: its SQL is built once per process (commerce.queries), per
# kind of shopper (building it was most of the Python work of the read).
_CARTS_WITH_CHECKOUT = Cart.objects.select_related(
    "checkout__delivery_method", "checkout__payment_method"
).annotate(has_lines=Exists(CartLine.objects.filter(cart=OuterRef("pk"))))
_ACCOUNT_CART = PreparedQuery(lambda user_id: _CARTS_WITH_CHECKOUT.filter(user_id=user_id), -1)
_GUEST_CART = PreparedQuery(
    lambda token: _CARTS_WITH_CHECKOUT.filter(guest_token=token, user__isnull=True),
    "\x00guest token\x00",
)


def checkout_cart(request) -> Cart | None:
    """The shopper's cart (`commerce.shoppers.identity`), or None when they have none yet.

    One query for what every step reads: the cart, `has_lines`, and its checkout (if any) with
    the chosen delivery and payment methods (`find_checkout` then reads nothing)."""
    shopper = identity.current_shopper(request)
    if shopper is None:
        return None
    if shopper.user is None:
        return _GUEST_CART.first(shopper.token)  # one cart per shopper
    cart = _ACCOUNT_CART.first(shopper.user.pk)
    if cart is not None:
        cart.user = shopper.user  # spare a query when the review reads the account
    return cart


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


def _active(method) -> bool:
    return method is not None and method.is_active
