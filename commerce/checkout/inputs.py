"""What the checkout submits to `place_order`: what the shopper reviewed, nothing priced."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LineRequest:
    product_id: int
    quantity: int
    expected_unit_price: Decimal  # the price the shopper was shown; checked, never charged
    variant_id: int | None = None  # the chosen variant; None: the product's only variant

    @property
    def key(self) -> tuple[str, int]:
        """What the line asks for, before its variant is looked up."""
        return (
            ("variant", self.variant_id)
            if self.variant_id is not None
            else (
                "product",
                self.product_id,
            )
        )


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
