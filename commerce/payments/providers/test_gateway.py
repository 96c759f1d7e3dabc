"""A payment gateway that behaves like a real one, for demos and tests.

The shopper is sent to the gateway's page (served by this project under /payments/test-gateway/)
and approves or declines; the gateway then calls back with the payment's reference and the
outcome, signed with HMAC-SHA256 under a secret shared with the shop (`TEST_GATEWAY_SECRET`,
or one derived from SECRET_KEY). The callback arrives twice, as real gateways do: the shopper's
browser is redirected to the return URL with it, and the gateway POSTs it to the webhook.
Either may come first, or again: the services apply it once.
"""

import hashlib
import hmac

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from commerce.payments.models import Payment, PaymentOutcome
from commerce.payments.providers.base import Callback, InvalidCallback, PaymentProvider

OUTCOMES = (PaymentOutcome.APPROVED, PaymentOutcome.DECLINED)


def _secret() -> bytes:
    if settings.TEST_GATEWAY_SECRET:
        return settings.TEST_GATEWAY_SECRET.encode()
    return salted_hmac("payments.test_gateway", "secret").hexdigest().encode()


def signature(reference: str, outcome: str) -> str:
    message = f"{reference}:{outcome}".encode()
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


def signed_callback(reference: str, outcome: str) -> dict[str, str]:
    """What the gateway sends back for a payment."""
    return {"reference": reference, "outcome": outcome, "signature": signature(reference, outcome)}


class GatewaySimulator(PaymentProvider):
    """(Not named Test...: pytest would try to collect it wherever it is imported.)"""

    key = "test_gateway"
    is_online = True

    def redirect_url(self, payment: Payment) -> str:
        return reverse("payments:test_gateway", args=[payment.reference])

    def verify_callback(self, data) -> Callback:
        reference = str(data.get("reference", ""))
        outcome = str(data.get("outcome", ""))
        given = str(data.get("signature", ""))
        if not reference or outcome not in OUTCOMES:
            raise InvalidCallback("Malformed callback.")
        if not constant_time_compare(given, signature(reference, outcome)):
            raise InvalidCallback("Bad signature.")
        return Callback(reference=reference, outcome=PaymentOutcome(outcome))
