"""The demo shop's delivery methods, payment methods and a welcome coupon, so a visitor can
check out right away. Created only when the shop has none of a kind (staff edits stay)."""

from decimal import Decimal

from commerce.checkout.models import DeliveryMethod, PaymentMethod, PaymentProvider
from commerce.coupons.models import Coupon, CouponKind

DEMO_COUPON = "WELCOME10"

DELIVERY_METHODS = [
    {"name": "Standard parcel", "price": Decimal("4.90"), "free_above": Decimal("50.00")},
    {"name": "Express (next day)", "price": Decimal("12.90"), "free_above": None},
]
PAYMENT_METHODS = [
    {"name": "Card (test payment gateway)", "provider": PaymentProvider.TEST_GATEWAY},
    {
        "name": "Bank transfer",
        "provider": PaymentProvider.BANK_TRANSFER,
        "instructions": "Demo Bank · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX",
    },
    {"name": "Cash on delivery", "provider": PaymentProvider.CASH_ON_DELIVERY},
]


def ensure_checkout_setup() -> list[str]:
    """Create what is missing; return what was created, in words."""
    created = []
    if not DeliveryMethod.objects.exists():
        for position, fields in enumerate(DELIVERY_METHODS):
            DeliveryMethod.objects.create(position=position, **fields)
        created.append(f"{len(DELIVERY_METHODS)} delivery methods")
    if not PaymentMethod.objects.exists():
        for position, fields in enumerate(PAYMENT_METHODS):
            PaymentMethod.objects.create(position=position, **fields)
        created.append(f"{len(PAYMENT_METHODS)} payment methods")
    if not Coupon.objects.exists():
        Coupon.objects.create(code=DEMO_COUPON, kind=CouponKind.PERCENTAGE, value=Decimal("10"))
        created.append(f"the coupon {DEMO_COUPON} (10% off)")
    return created
