"""Providers where the money comes later: staff mark the order paid."""

from commerce.payments.providers.base import PaymentProvider
from commerce.pricing.money import format_money


class CashOnDelivery(PaymentProvider):
    key = "cash_on_delivery"

    def instructions(self, order) -> str:
        extra = super().instructions(order)
        return (
            extra
            or f"Please have {format_money(order.total, order.currency)} ready when your parcel "
            "arrives."
        )


class BankTransfer(PaymentProvider):
    key = "bank_transfer"

    def instructions(self, order) -> str:
        details = super().instructions(order)
        lines = [
            f"Please transfer {format_money(order.total, order.currency)} "
            f"with the reference {order.number}.",
        ]
        if details:
            lines.append(details)
        lines.append("We ship your order as soon as the payment arrives.")
        return "\n".join(lines)
