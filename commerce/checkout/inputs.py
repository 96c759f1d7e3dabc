"""What the checkout submits to `place_order`: what the shopper reviewed, nothing priced."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LineRequest:
    product_id: int
    quantity: int
    expected_unit_price: Decimal  # the price the shopper was shown; checked, never charged


@dataclass(frozen=True)
class CustomerDetails:
    email: str
    name: str
    phone: str = ""


@dataclass(frozen=True)
class Address:
    line1: str
    postal_code: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    line2: str = ""
