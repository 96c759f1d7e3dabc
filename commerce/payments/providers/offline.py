"""Providers where the money comes later: staff mark the order paid."""

from commerce.payments.providers.base import PaymentProvider


class CashOnDelivery(PaymentProvider):
    key = "cash_on_delivery"

    def instructions(self, order) -> str:
        extra = super().instructions(order)
        return (
            extra or f"Please have {order.total} {order.currency} ready when your parcel arrives."
        )


class BankTransfer(PaymentProvider):
    key = "bank_transfer"

    def instructions(self, order) -> str:
        details = super().instructions(order)
        lines = [
            f"Please transfer {order.total} {order.currency} with the reference {order.number}.",
        ]
        if details:
            lines.append(details)
        lines.append("We ship your order as soon as the payment arrives.")
        return "\n".join(lines)
