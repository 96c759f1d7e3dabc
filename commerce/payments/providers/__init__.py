"""Payment providers by key (`PaymentMethod.provider`). Add a real gateway here."""

from commerce.payments.providers.base import Callback, InvalidCallback, PaymentProvider
from commerce.payments.providers.offline import BankTransfer, CashOnDelivery
from commerce.payments.providers.test_gateway import GatewaySimulator

PROVIDERS: dict[str, PaymentProvider] = {
    provider.key: provider for provider in (CashOnDelivery(), BankTransfer(), GatewaySimulator())
}


def is_enabled(key: str) -> bool:
    """Whether the shop takes payments through this provider now (the test gateway only
    with `PAYMENTS_TEST_GATEWAY`)."""
    from django.conf import settings

    if key not in PROVIDERS:
        return False
    return key != GatewaySimulator.key or settings.PAYMENTS_TEST_GATEWAY


def get_provider(key: str) -> PaymentProvider:
    """The provider for `key`; an unknown key is a configuration error (KeyError)."""
    return PROVIDERS[key]


__all__ = [
    "PROVIDERS",
    "Callback",
    "InvalidCallback",
    "PaymentProvider",
    "get_provider",
    "is_enabled",
]
