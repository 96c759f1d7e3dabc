"""Submitting a reviewed checkout: the one way the storefront calls `place_order`."""

from decimal import Decimal

from django.db import transaction

from commerce.cart.models import Cart, CartLine
from commerce.cart.selectors import cart_lines
from commerce.checkout import progress
from commerce.checkout.exceptions import InvalidCheckout
from commerce.checkout.inputs import Address, CustomerDetails, LineRequest
from commerce.checkout.models import Checkout
from commerce.checkout.services import place_order
from commerce.orders.models import Order


class CheckoutIncomplete(Exception):
    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


def submit_checkout(*, checkout: Checkout, cart: Cart, expected_total: Decimal, user=None) -> Order:
    """Place the order for this checkout once, or raise `CheckoutChanged` (nothing placed).

    Locks in this order: the checkout row (a double click or a second tab waits and then gets
    the order the first submission placed), then the cart row (as every cart service does
    before touching lines, so a cart change in another tab waits too), then `place_order`'s
    products, stock rows and coupon. Each line is sent with the unit price the shopper
    was last shown (`CartLine.seen_unit_price`) and the total they reviewed, which
    `place_order` compares with the shop's own figures. The placed order empties the cart;
    a logged-in shopper's address is remembered for next time.
    """
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        checkout = progress.lock(checkout)
        if checkout.order_id is not None:
            return Order.objects.get(pk=checkout.order_id)
        step = progress.first_open_step(checkout)
        if step != "review":
            raise CheckoutIncomplete(step)
        cart = Cart.objects.select_for_update(of=("self",)).get(pk=cart.pk)
        lines = cart_lines(cart)
        if not lines:
            raise InvalidCheckout("no_lines")
        order = place_order(
            lines=[
                LineRequest(line.product_id, line.quantity, line.seen_unit_price) for line in lines
            ],
            customer=CustomerDetails(
                email=checkout.email, name=checkout.name, phone=checkout.phone
            ),
            shipping_address=Address(
                line1=checkout.address_line1,
                line2=checkout.address_line2,
                postal_code=checkout.postal_code,
                city=checkout.city,
                country=checkout.country,
            ),
            delivery_method_id=checkout.delivery_method_id,
            payment_method_id=checkout.payment_method_id,
            coupon_code=cart.coupon_code or None,
            expected_total=expected_total,
            idempotency_key=checkout.idempotency_key,
            user=user,
        )
        checkout.order = order
        checkout.save(update_fields=["order", "updated_at"])
        CartLine.objects.filter(pk__in=[line.pk for line in lines]).delete()
        Cart.objects.filter(pk=cart.pk).update(coupon_code="", seen_coupon_terms="")
        if user is not None:
            _remember_address(user, checkout)
    return order


def _remember_address(user, checkout: Checkout) -> None:
    from commerce.accounts.addresses import remember_address

    remember_address(
        user,
        {name: getattr(checkout, name) for name in Checkout.ADDRESS_FIELDS if name != "email"},
    )
