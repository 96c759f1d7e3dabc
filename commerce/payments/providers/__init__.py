"""Payment providers by key (`PaymentMethod.provider`). Add a real gateway here."""

from commerce.payments.providers.base import Callback, InvalidCallback, PaymentProvider
from commerce.payments.providers.offline import BankTransfer, CashOnDelivery
from commerce.payments.providers.test_gateway import GatewaySimulator

PROVIDERS: dict[str, PaymentProvider] = {
    provider.key: provider for provider in (CashOnDelivery(), BankTransfer(), GatewaySimulator())
}


def get_provider(key: str) -> PaymentProvider:
    """The provider for `key`; an unknown key is a configuration error (KeyError)."""
    return PROVIDERS[key]


__all__ = ["PROVIDERS", "Callback", "InvalidCallback", "PaymentProvider", "get_provider"]
