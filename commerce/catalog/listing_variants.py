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

Both are read from `ListingVariant` (kept by triggers): one row per variant with its options
(the product-level ones included) and its count of stock rows with units, so a product's
check is one index-only scan of its few rows, not probes of links and stock per variant.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, Q, QuerySet

from commerce.catalog.models import ListingOption, ListingVariant


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
        matches: two attributes chosen (M in one variant, Navy in another), or the stock (the
        M sold out, the L in stock; no variant in stock at all)."""
        return len(self.chosen) > 1 or self.in_stock

    def products(self, products: QuerySet) -> QuerySet:
        """`products` that have a matching variant. The listing options (`ListingOption`, by
        option) find the candidates first; only those have their variants' rows read."""
        candidates = products.filter(
            *(Q(Exists(_listed_under(option_ids))) for _, option_ids in sorted(self.chosen.items()))
        )
        if self.needs_one_variant:
            return candidates.filter(Exists(self.variants().filter(product=OuterRef("pk"))))
        return candidates

    def variants(self) -> QuerySet:
        """The matching variants' listing rows (of any product)."""
        return ListingVariant.objects.filter(*self.conditions()).order_by()

    def conditions(self) -> list[Q]:
        """Conditions on `ListingVariant` rows: read from the row itself, no probe."""
        conditions = [Q(option_ids__overlap=ids) for _, ids in sorted(self.chosen.items())]
        if self.in_stock:
            conditions.append(Q(stock_rows__gt=0))
        return conditions


def _listed_under(option_ids: list[int]) -> QuerySet:
    return ListingOption.objects.filter(product=OuterRef("pk"), option_id__in=option_ids)
