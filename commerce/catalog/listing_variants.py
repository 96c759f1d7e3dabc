"""Which variants a listing's filters match: the options chosen and "in stock only" must hold
for one and the same variant.

"Size M" with "in stock only" finds the products whose size-M variant has stock, not those
that have a size M and some other size in stock; "Size M" with "Colour Navy" a variant that is
M and Navy. For each chosen attribute a variant matches when

- the attribute is one of its product's variant attributes and the variant has one of the
  chosen options, or
- it is not (a product-level attribute such as material, or a product without variants) and
  the product itself carries one of the chosen options.

A listing counts products, never variants: a product is in the results when one of its
variants matches, and an option's facet count is the number of such products whose matching
variants (or, for a product-level attribute, the product) carry it.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from commerce.catalog.models import ListingOption, ProductVariant
from commerce.stock.models import StockRecord

VariantOptionLink = ProductVariant.options.through


@dataclass(frozen=True)
class VariantMatch:
    """The variant-level part of a listing's filters: {definition id: chosen option ids}
    (options of one attribute are OR-ed, attributes AND-ed) and "in stock only"."""

    chosen: dict[int, list[int]] = field(default_factory=dict)
    in_stock: bool = False

    @property
    def is_active(self) -> bool:
        """False: every variant matches (every listed product has at least one)."""
        return bool(self.chosen or self.in_stock)

    def without(self, definition_id: int) -> "VariantMatch":
        """The same filters with this attribute's choice left out (its own facet counts)."""
        chosen = {pk: ids for pk, ids in self.chosen.items() if pk != definition_id}
        return replace(self, chosen=chosen)

    @property
    def needs_one_variant(self) -> bool:
        """Whether the listing options alone may let through a product none of whose variants
        matches: two attributes chosen (M in one variant, Navy in another), or a choice and
        the stock (the M sold out, the L in stock)."""
        return len(self.chosen) > 1 or bool(self.chosen and self.in_stock)

    def products(self, products: QuerySet) -> QuerySet:
        """`products` that have a matching variant. The listing options (`ListingOption`, by
        index) find the candidates first; only those are checked variant by variant."""
        candidates = products.filter(
            *(Q(Exists(_listed_under(option_ids))) for _, option_ids in sorted(self.chosen.items()))
        )
        if self.needs_one_variant:
            variants = ProductVariant.objects.filter(*self.conditions(), product=OuterRef("pk"))
            return candidates.filter(Exists(variants))
        if self.in_stock:  # stock alone: any variant in stock, one probe on the product's rows
            return candidates.filter(_product_in_stock())
        return candidates

    def variants(self) -> QuerySet:
        """The matching variants (of any product): `variant_id`, `variant_product` rows."""
        return (
            ProductVariant.objects.filter(*self.conditions())
            .order_by()
            .values(variant_id=F("pk"), variant_product=F("product_id"))
        )

    def conditions(self) -> list[Q]:
        """Conditions on `ProductVariant` rows: index probes per variant and product."""
        conditions = [_has_option(option_ids) for _, option_ids in sorted(self.chosen.items())]
        if self.in_stock:
            conditions.append(Q(Exists(_sellable_units().filter(variant=OuterRef("pk")))))
        return conditions


def _has_option(option_ids: list[int]) -> Q:
    """The variant has one of the options, or its product has one of them as its own (an
    attribute it does not vary by): two index probes."""
    own = VariantOptionLink.objects.filter(
        productvariant=OuterRef("pk"), attributeoption_id__in=option_ids
    )
    products = ListingOption.objects.filter(
        product=OuterRef("product_id"), option_id__in=option_ids, is_from_variants=False
    )
    return Q(Exists(own)) | Q(Exists(products))


def _listed_under(option_ids: list[int]) -> QuerySet:
    return ListingOption.objects.filter(product=OuterRef("pk"), option_id__in=option_ids)


def _sellable_units() -> QuerySet:
    return StockRecord.objects.sellable().filter(quantity__gt=0)


def _product_in_stock() -> Q:
    return Q(Exists(_sellable_units().filter(product=OuterRef("pk"))))
