"""A page of products with filters, exact facet counts, sorting and pagination.

Facet counts follow the usual shop rule: options of one attribute are OR-ed, attributes are
AND-ed, and each option's count is over everything the *other* filters allow, so a shopper
sees how many products each choice would give. Counting costs one query for all attributes
without a selection plus one per attribute with one, whatever the catalog's size.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from commerce.catalog.listing_params import ListingParams
from commerce.catalog.models import AttributeDefinition, AttributeOption, Product
from commerce.catalog.selectors import ProductCard, as_cards, product_cards
from commerce.stock.models import StockRecord

ProductOptionLink = Product.attribute_options.through


@dataclass(frozen=True)
class FacetOption:
    slug: str
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    slug: str
    name: str
    options: list[FacetOption]


@dataclass(frozen=True)
class Listing:
    params: ListingParams
    page: Page
    cards: list[ProductCard]
    facets: list[Facet]

    @property
    def total(self) -> int:
        return self.page.paginator.count


def filterable_definitions() -> list[AttributeDefinition]:
    options = AttributeOption.objects.order_by("sort_order", "value")
    return list(
        AttributeDefinition.objects.filter(is_filterable=True).prefetch_related(
            Prefetch("options", queryset=options)
        )
    )


def known_options(definitions: list[AttributeDefinition]) -> dict[str, set[str]]:
    return {d.slug: {option.slug for option in d.options.all()} for d in definitions}


def build_listing(
    scope: QuerySet,
    params: ListingParams,
    definitions: list[AttributeDefinition],
    *,
    ranked: bool = False,
) -> Listing:
    """`scope`: the products in play (a category subtree, search matches); `ranked`: it is
    annotated with a search `rank`."""
    conditions = _conditions(params)
    results = scope.filter(*conditions.values())
    ordered = _sorted(product_cards(results), params.sort, ranked=ranked)
    page = Paginator(ordered, params.page_size).get_page(params.page)
    facets = _facets(scope, conditions, params, definitions)
    return Listing(params=params, page=page, cards=as_cards(page), facets=facets)


def _conditions(params: ListingParams) -> dict[str, Q]:
    """Each active filter as one condition, keyed so facets can leave their own out."""
    conditions = {}
    if params.price_min is not None:
        conditions["price_min"] = Q(price__gte=params.price_min)
    if params.price_max is not None:
        conditions["price_max"] = Q(price__lte=params.price_max)
    if params.in_stock:
        in_stock = StockRecord.objects.sellable().filter(product=OuterRef("pk"), quantity__gt=0)
        conditions["in_stock"] = Q(Exists(in_stock))
    for definition_slug, option_slugs in params.options.items():
        chosen = ProductOptionLink.objects.filter(
            product=OuterRef("pk"),
            attributeoption__definition__slug=definition_slug,
            attributeoption__slug__in=option_slugs,
        )
        conditions[f"option:{definition_slug}"] = Q(Exists(chosen))
    return conditions


def _sorted(products: QuerySet, sort: str, *, ranked: bool) -> QuerySet:
    if sort == "newest":
        return products.order_by("-created_at", "-pk")
    if sort in ("price", "-price"):
        return products.order_by(sort, "pk")
    if sort == "name":
        return products.order_by("name", "pk")
    if ranked:
        return products.order_by("-rank", "pk")
    # Relevance without a query: what can be bought first, newest first.
    in_stock = StockRecord.objects.sellable().filter(product=OuterRef("pk"), quantity__gt=0)
    return products.annotate(has_stock=Exists(in_stock)).order_by(
        "-has_stock", "-created_at", "-pk"
    )


def _facets(scope, conditions, params, definitions) -> list[Facet]:
    counts: dict[int, int] = {}
    unselected = [d for d in definitions if d.slug not in params.options]
    if unselected:
        counts |= _option_counts(scope.filter(*conditions.values()), unselected)
    for definition in definitions:
        if definition.slug in params.options:
            others = [q for key, q in conditions.items() if key != f"option:{definition.slug}"]
            counts |= _option_counts(scope.filter(*others), [definition])
    facets = []
    for definition in definitions:
        chosen = params.options.get(definition.slug, frozenset())
        options = [
            FacetOption(option.slug, option.value, counts.get(option.pk, 0), option.slug in chosen)
            for option in definition.options.all()
        ]
        if any(option.count or option.selected for option in options):
            facets.append(Facet(definition.slug, definition.name, options))
    return facets


def _option_counts(products: QuerySet, definitions) -> dict[int, int]:
    rows = (
        ProductOptionLink.objects.filter(
            product__in=products.values("pk"), attributeoption__definition__in=definitions
        )
        .values("attributeoption_id")
        .annotate(count=Count("product_id"))
    )
    return {row["attributeoption_id"]: row["count"] for row in rows}
