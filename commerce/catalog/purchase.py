"""The purchase policy: whether a product can be bought now, at what unit price and how many.

One answer for every place that asks: the product card and page, the add-to-cart form, the
cart review, `place_order`'s re-check under its locks and the shopping lists. (Oscar calls this
a strategy, Saleor its checkout info.) When products get variants with their own price and
stock, this module is the one to change: an option per variant instead of per product.
"""

from dataclasses import dataclass
from decimal import Decimal

from commerce.catalog.models import Product
from commerce.stock.availability import Availability, availability_of

MAX_QUANTITY = 99  # per cart line: a sane maximum for one product in one order


def price_of(product: Product) -> Decimal:
    """The unit price a shopper pays for the product now (rounded by `commerce.pricing`)."""
    return product.price


@dataclass(frozen=True)
class PurchaseOption:
    """A product as a shopper may buy it now."""

    product: Product
    unit_price: Decimal
    availability: Availability
    is_buyable: bool  # sold now: published, active, in a listed category

    @property
    def can_buy(self) -> bool:
        return self.is_buyable and self.availability.in_stock

    @property
    def max_quantity(self) -> int:
        """The most a shopper may ask for on one line: the stock, at most `MAX_QUANTITY`."""
        return min(self.availability.quantity, MAX_QUANTITY)

    @property
    def state(self) -> str:
        """ "unavailable" (shown, not sold) or the stock state ("in", "low", "out")."""
        return self.availability.state if self.is_buyable else "unavailable"

    @property
    def label(self) -> str:
        return self.availability.label if self.is_buyable else "Currently unavailable"


def purchase_option(product: Product, availability: Availability | None = None) -> PurchaseOption:
    """The option for a product (its category loaded). Its stock: `availability` when the
    caller has it (a card, units counted from locked rows), else the annotated
    `sellable_quantity`, else one query."""
    if availability is None:
        availability = availability_of(product)
    return PurchaseOption(product, price_of(product), availability, product.is_buyable)
