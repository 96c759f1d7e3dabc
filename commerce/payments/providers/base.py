"""The interface a payment provider implements. Small on purpose: a real gateway needs

- `key`: the `PaymentMethod.provider` value it serves;
- `is_online`: whether the shopper pays now (then the checkout creates a `Payment` and sends
  them to `redirect_url`), or later (cash on delivery, bank transfer: the order is placed
  unpaid and staff mark it paid);
- `redirect_url(payment)`: where the shopper goes to pay;
- `verify_callback(data)`: the provider's answer checked (its signature, above all) and turned
  into a `Callback`, or `InvalidCallback`;
- `instructions(order)`: what the confirmation page tells the shopper.

`commerce.payments.services` does the rest (idempotency, order state, retries) the same way for
every provider.
"""

from dataclasses import dataclass

from commerce.payments.models import Payment, PaymentOutcome


class InvalidCallback(Exception):
    """A callback that is malformed or not signed by the provider: ignore it."""


@dataclass(frozen=True)
class Callback:
    reference: str
    outcome: PaymentOutcome


class PaymentProvider:
    key = ""
    is_online = False

    def redirect_url(self, payment: Payment) -> str:
        raise NotImplementedError

    def verify_callback(self, data) -> Callback:
        raise InvalidCallback("This provider sends no callbacks.")

    def instructions(self, order) -> str:
        return order.payment_instructions
