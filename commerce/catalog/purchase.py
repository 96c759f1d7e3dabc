"""The purchase policy: whether a product variant can be bought now, at what unit price and
how many.

One answer for every place that asks: the product card and page, the add-to-cart form, the
cart review, `place_order`'s re-check under its locks and the shopping lists. (Oscar calls this
a strategy, Saleor its checkout info.) Shoppers buy variants: a variant's own price, when it
has one, overrides the product's, and its stock is its own. Asked about a product alone (a
card), the answer is the product's: its price and the units of all its variants.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, DecimalField, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce

from commerce.catalog.models import Product, ProductVariant
from commerce.stock.availability import Availability, availability_of, variant_availability

MAX_QUANTITY = 99  # per cart line: a sane maximum for one product in one order


def price_of(product: Product, variant: ProductVariant | None = None) -> Decimal:
    """The unit price a shopper pays now (rounded by `commerce.pricing`): the variant's own
    price when it has one, else the product's."""
    if variant is not None and variant.price is not None:
        return variant.price
    return product.price


def compare_at_price_of(product: Product, variant: ProductVariant | None = None):
    """The former price shown struck through, or None: a variant with its own price has only
    its own compare-at price."""
    if variant is not None and variant.price is not None:
        return variant.compare_at_price
    if variant is not None and variant.compare_at_price is not None:
        return variant.compare_at_price
    return product.compare_at_price


@dataclass(frozen=True)
class PurchaseOption:
    """A product (or one of its variants) as a shopper may buy it now."""

    product: Product
    unit_price: Decimal
    availability: Availability
    is_buyable: bool  # sold now: published, active, in a listed category
    variant: ProductVariant | None = None

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

    @property
    def compare_at_price(self):
        price = compare_at_price_of(self.product, self.variant)
        return price if price is not None and price > self.unit_price else None


def purchase_option(
    product: Product,
    availability: Availability | None = None,
    *,
    variant: ProductVariant | None = None,
) -> PurchaseOption:
    """The option for a product (its category loaded), or for one of its `variant`s. Its
    stock: `availability` when the caller has it (a card, units counted from locked rows),
    else the annotated `sellable_quantity` (of the variant when given), else one query."""
    if availability is None:
        availability = (
            variant_availability(variant) if variant is not None else availability_of(product)
        )
    return PurchaseOption(
        product, price_of(product, variant), availability, product.is_buyable, variant
    )


def choice_prompt(attribute_names: Sequence[str]) -> str:
    """What a shopper must do before a product with several variants can be added, named
    from its variant attributes in their order: "Choose a size", "Choose a size and colour",
    "Choose options" when it names none. The one wording of the choice: the refusal of an
    add without one (`ChoiceRequired`) and the shopping lists' button and messages use it."""
    names = [name.lower() for name in attribute_names if name]
    if not names:
        return "Choose options"
    wanted = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    article = "an" if wanted[0] in "aeiou" else "a"
    return f"Choose {article} {wanted}"


def choice_refusal(product_name: str, attribute_names: Sequence[str]) -> str:
    """ "Tee — choose a size and colour first": why the product alone was not added."""
    prompt = choice_prompt(attribute_names)
    return f"{product_name} — {prompt[0].lower()}{prompt[1:]} first"


def variant_count_expression():
    """How many variants a product has, as a correlated subquery (no query per row)."""
    counts = (
        ProductVariant.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def with_choices(products):
    """Annotate `variant_count` and `choice_names` (the names of the product's variant
    attributes, in their order) inside the products' own query: enough to tell, without a
    query per product, that a product asked about alone needs a choice before it can be
    added (several variants: `commerce.catalog.variants.choose_variant` refuses it) and to
    say which, with `choice_prompt`."""
    names = (
        Product.variant_attributes.through.objects.filter(product=OuterRef("pk"))
        .order_by("attributedefinition__position", "attributedefinition__name")
        .values("attributedefinition__name")
    )
    return products.annotate(
        variant_count=variant_count_expression(), choice_names=ArraySubquery(names)
    )


def with_price_range(products):
    """Annotate `lowest_price` and `highest_price` over each product's variants (a variant's
    own price, else the product's): `price_of` in SQL, inside the products' own query, for
    cards that say "from €49.90" when sizes differ in price."""
    prices = (
        ProductVariant.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(
            low=Min(Coalesce("price", "product__price")),
            high=Max(Coalesce("price", "product__price")),
        )
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return products.annotate(
        lowest_price=Subquery(prices.values("low"), output_field=money),
        highest_price=Subquery(prices.values("high"), output_field=money),
    )
