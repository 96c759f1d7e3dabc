"""A page of products with filters, exact facet counts, sorting and pagination.

Facet counts follow the usual shop rule: options of one attribute are OR-ed, attributes are
AND-ed, and each option's count is over everything the *other* filters allow, so a shopper
sees how many products each choice would give.

Products sold in variants are counted once, and the options chosen and "in stock only" must
hold for one and the same variant (commerce.catalog.listing_variants). Products are found and
counted by their listing options (`ListingOption`, kept by database triggers: the variants'
options and the product's own options of the attributes it does not vary by), so a listing
without a choice or the stock filter reads as many index rows as before variants; with them,
the candidates those options let through are checked against their variants' listing rows
(`ListingVariant`: each variant's options and stock in one index-only row), and the facet
counts are taken over the matching variants' rows.

A listing costs, whatever the catalog's size: one query that counts the results and the
options of the attributes without a choice, one more per attribute with a choice (its own
choice left out), and one that reads the page. They are written so PostgreSQL answers them
from the partial, covering listing indexes of `Product` and `StockRecord` and the listing
options' indexes (docs/performance.md shows the plans and the timings on 100,000 products):

- the results are found once for their total and their facet counts together; a search in
  rank order also ranks its matches and picks the page's ids in that same pass (one
  full-text and trigram pass per page view instead of three); options are filtered and
  counted by id (the definitions are loaded anyway), never through the option and definition
  tables;
- in the other orders a page's rows are picked by an index-only query and only those rows are
  read whole; the default order of a category (in stock first, newest first) walks the
  listing newest first and stops as soon as the page is full instead of checking the stock of
  every product in play.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from commerce.caching import CachedValue
from commerce.catalog.listing_params import ListingParams
from commerce.catalog.listing_variants import VariantMatch
from commerce.catalog.models import AttributeDefinition, AttributeOption, ListingOption, Product
from commerce.catalog.selectors import ProductCard, as_cards, product_cards
from commerce.stock.models import StockRecord


@dataclass(frozen=True)
class AllProducts:
    """The scope of `/products/`: every visible product, named like a category so that the
    category's page, breadcrumbs and structured data show it unchanged."""

    name: str = "All products"
    description: str = ""

    def get_absolute_url(self) -> str:
        return reverse("catalog:all_products")


ALL_PRODUCTS = AllProducts()


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

    @property
    def shown(self) -> list[FacetOption]:
        """The options the filters offer: those with results, and any the shopper ticked."""
        return [option for option in self.options if option.count or option.selected]


@dataclass(frozen=True)
class Listing:
    params: ListingParams
    page: Page
    cards: list[ProductCard]
    facets: list[Facet]

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _load_filterable_definitions() -> list[AttributeDefinition]:
    options = AttributeOption.objects.order_by("sort_order", "value")
    return list(
        AttributeDefinition.objects.filter(is_filterable=True).prefetch_related(
            Prefetch("options", queryset=options)
        )
    )


# Every listing needs every filterable option (10 % of a category page's time when loaded per
# request); saving or deleting a definition or an option forgets them (commerce.caching).
# Bump the version whenever the cached rows' shape changes.
FILTERABLE = CachedValue("catalog:filterable-definitions:v2", _load_filterable_definitions)


def filterable_definitions() -> list[AttributeDefinition]:
    """The filterable attributes, each with its options in shop order (cached: read only)."""
    return FILTERABLE.get()


def forget_filterable_definitions() -> None:
    """For writes that send no signal (bulk_create)."""
    FILTERABLE.forget()


def connect_signals() -> None:
    """Called from CatalogConfig.ready."""
    FILTERABLE.forget_on(post_save, post_delete, senders=(AttributeDefinition, AttributeOption))


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
    annotated with a search `rank`. `params.options` come from these `definitions`."""
    others = scope.filter(*_price_conditions(params))  # the product-level filters
    chosen = _chosen_options(definitions, params.options)
    match = VariantMatch(chosen=chosen, in_stock=params.in_stock)
    results = match.products(others)
    unselected = [d for d in definitions if d.pk not in chosen]
    # A search in rank order: the count's pass over the matches also ranks them and picks the
    # requested page, so the matches are found once per page view, not twice.
    ranked_page = None
    if ranked and params.sort not in ORDERINGS:
        ranked_page = _requested_rows(params.page, params.page_size)
    total, counts, ranked_ids = _count_with_facets(results, match, unselected, ranked_page)
    for definition in definitions:
        if definition.pk in chosen:
            # Its own choice left out: the count each of its options would give.
            rest = match.without(definition.pk)
            counts |= _count_with_facets(rest.products(others), rest, [definition])[1]
    read = _page_reader(results, params, ranked=ranked)
    if ranked_page is not None:
        read = _from_ranked_ids(ranked_page[0], ranked_ids, fallback=read)
    page = Paginator(Ordered(total, read), params.page_size).get_page(params.page)
    return Listing(
        params=params,
        page=page,
        cards=as_cards(page),
        facets=_facets(definitions, params, counts),
    )


def _in_stock() -> Exists:
    """The product has units in an active warehouse (an index-only probe per product)."""
    return Exists(StockRecord.objects.sellable().filter(product=OuterRef("pk"), quantity__gt=0))


def _price_conditions(params: ListingParams) -> list[Q]:
    conditions = []
    if params.price_min is not None:
        conditions.append(Q(price__gte=params.price_min))
    if params.price_max is not None:
        conditions.append(Q(price__lte=params.price_max))
    return conditions


def _chosen_options(definitions, chosen_slugs: dict[str, frozenset[str]]) -> dict[int, list]:
    """{definition id: ids of its chosen options}, for the definitions with a choice."""
    chosen = {}
    for definition in definitions:
        if slugs := chosen_slugs.get(definition.slug):
            options = definition.options.all()
            chosen[definition.pk] = sorted(o.pk for o in options if o.slug in slugs)
    return chosen


# --- Counting -----------------------------------------------------------------------------


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_LISTING_OPTIONS = _table(ListingOption)


def _count_with_facets(
    results: QuerySet,
    match: VariantMatch,
    definitions: list[AttributeDefinition],
    ranked_rows: tuple[int, int] | None = None,
) -> tuple[int, dict[int, int], list[int] | None]:
    """The number of results and how many of them carry each option of `definitions`, in one
    query that finds the results once (a search's matches, a category's filtered products)
    for both; with `ranked_rows` (offset, limit) also the ids of those rows of the results in
    rank order.

    A product carries an option of a variant attribute when one of its matching variants has
    it (the same variant as the other choices and the stock: `match`), and an option of any
    other attribute when the product itself has it."""
    columns = {"row_id": F("pk")}
    if ranked_rows is not None:
        columns["row_rank"] = F("rank")
    ids_sql, params = results.order_by().values(**columns).query.sql_with_params()
    if match.is_active:
        facets_sql, facet_params = _per_variant_counts(match, definitions)
    else:
        facets_sql, facet_params = _listing_option_counts(definitions)
    sql = f"""
        WITH result AS MATERIALIZED ({ids_sql})
        SELECT 0, NULL, COUNT(*) FROM result
        UNION ALL
        {facets_sql}
    """
    params = (*params, *facet_params)
    if ranked_rows is not None:
        # The same order as .order_by("-rank", "pk"): PostgreSQL puts NULL ranks first.
        sql += """
        UNION ALL
        SELECT 2, row_id, ROW_NUMBER() OVER (ORDER BY row_rank DESC, row_id) FROM (
            SELECT row_id, row_rank FROM result
            ORDER BY row_rank DESC, row_id LIMIT %s OFFSET %s
        ) AS page
        """
        params = (*params, ranked_rows[1], ranked_rows[0])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = next(count for kind, _, count in rows if kind == 0)
    counts = {option_id: count for kind, option_id, count in rows if kind == 1}
    ranked_ids = None
    if ranked_rows is not None:
        page = sorted((position, row_id) for kind, row_id, position in rows if kind == 2)
        ranked_ids = [row_id for _, row_id in page]
    return total, counts, ranked_ids


def _listing_option_counts(definitions) -> tuple[str, tuple]:
    """Counts when no filter is per variant: the listing options of the results (an
    index-only join, as many rows as the results' options)."""
    option_ids = [o.pk for d in definitions for o in d.options.all()]
    sql = f"""
        SELECT 1, link.option_id, COUNT(*) FROM {_LISTING_OPTIONS} AS link
        WHERE link.product_id IN (SELECT row_id FROM result)
          AND link.option_id = ANY(%s::bigint[])
        GROUP BY link.option_id
    """
    return sql, (option_ids,)


def _per_variant_counts(match: VariantMatch, definitions) -> tuple[str, tuple]:
    """Counts with a choice or the stock filter: each option counted over the results'
    matching variants (the same variant as the choices and the stock). A variant's listing row
    carries its product's own options too, so a product-level option counts the product once
    whichever of its variants matched. Each product's options are told apart among its own
    few rows (LATERAL), so no (product, option) set of the whole result is built."""
    variants_sql, variant_params = (
        match.variants().values("product_id", "option_ids").query.sql_with_params()
    )
    option_ids = [o.pk for d in definitions for o in d.options.all()]
    sql = f"""
        SELECT 1, pair.option_id, COUNT(*) FROM result, LATERAL (
            SELECT DISTINCT option_id
            FROM ({variants_sql}) AS variant, unnest(variant.option_ids) AS option_id
            WHERE variant.product_id = result.row_id AND option_id = ANY(%s::bigint[])
        ) AS pair
        GROUP BY pair.option_id
    """
    return sql, (*variant_params, option_ids)


def _requested_rows(page: int, page_size: int) -> tuple[int, int]:
    """(offset, limit) of the page asked for (a number from 1 to MAX_PAGE: listing_params)."""
    return (page - 1) * page_size, page_size


def _facets(definitions, params: ListingParams, counts: dict[int, int]) -> list[Facet]:
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


# --- Ordering and paging ------------------------------------------------------------------


class Ordered:
    """What the Paginator pages: the total (counted already) and a reader of a page's rows."""

    def __init__(self, total: int, read: Callable[[int, int], Iterable[Product]]):
        self.total = total
        self.read = read

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[Product]:
        start, stop = index.start or 0, min(index.stop, self.total)
        return list(self.read(start, stop)) if stop > start else []


NEWEST = ("-created_at", "-pk")
# The sorts other than relevance; the primary key breaks ties, so pages never overlap.
ORDERINGS = {
    "newest": NEWEST,
    "price": ("price", "pk"),
    "-price": ("-price", "pk"),
    "name": ("name", "pk"),
}


def _page_reader(results: QuerySet, params: ListingParams, *, ranked: bool):
    """How to read rows start..stop of the results in the shop order asked for."""
    if params.sort in ORDERINGS:
        return _by_ids(results, ORDERINGS[params.sort])
    if ranked:
        # Usually the count has picked the page's ids already (`_from_ranked_ids`); this reads
        # the page the Paginator falls back to when the one asked for is past the last.
        return lambda start, stop: product_cards(results).order_by("-rank", "pk")[start:stop]
    # Relevance without a query: what can be bought first, newest first.
    if params.in_stock:
        return _by_ids(results, NEWEST)  # all of them can be bought
    return lambda start, stop: _in_stock_first(results, start, stop)


def _from_ranked_ids(offset: int, ids: list[int], *, fallback):
    """Read the page from the ids the count picked; any other rows (the Paginator chose
    another page: past the last one) through `fallback`."""

    def read(start: int, stop: int):
        if start != offset:
            return fallback(start, stop)
        wanted = ids[: stop - start]
        cards = {p.pk: p for p in product_cards(Product.objects.filter(pk__in=wanted))}
        return [cards[pk] for pk in wanted if pk in cards]

    return read


def _by_ids(results: QuerySet, ordering: tuple[str, ...]):
    """The page's ids come from an index-only query over the results; only those products
    are then read whole, with everything a card needs (one query)."""

    def read(start: int, stop: int) -> QuerySet:
        ids = results.order_by(*ordering).values("pk")[start:stop]
        return product_cards(Product.objects.filter(pk__in=ids)).order_by(*ordering)

    return read


def _in_stock_first(results: QuerySet, start: int, stop: int) -> QuerySet:
    """Rows start..stop with the products in stock first, each part newest first.

    Sorting on "has stock" would check the stock of every product in play before the first
    row comes out. Instead the candidates come from two lists read newest first and cut at the
    page's end: the first `stop` products in stock and, only when those are fewer than `stop`,
    the first `stop` out of stock; the page is the slice of their union in shop order. Both
    lists walk a listing index newest first and stop early, so the first pages of a category
    cost about the same whatever the catalog's size.
    """
    in_stock = _in_stock()
    with_stock, with_params = _newest_ids(results.filter(in_stock), stop)
    without_stock, without_params = _newest_ids(results.filter(~in_stock), stop)
    ids = RawSQL(
        f"""
        WITH with_stock AS MATERIALIZED ({with_stock})
        SELECT candidate.row_id FROM (
            SELECT row_id, row_created, 1 AS stock_rank FROM with_stock
            UNION ALL
            SELECT row_id, row_created, 0 FROM ({without_stock}) AS without_stock
            WHERE (SELECT COUNT(*) FROM with_stock) < %s
        ) AS candidate
        ORDER BY candidate.stock_rank DESC, candidate.row_created DESC, candidate.row_id DESC
        LIMIT %s OFFSET %s
        """,
        (*with_params, *without_params, stop, stop - start, start),
    )
    return (
        product_cards(Product.objects.filter(pk__in=ids))
        .annotate(has_stock=in_stock)
        .order_by("-has_stock", *NEWEST)
    )


def _newest_ids(products: QuerySet, limit: int) -> tuple[str, tuple]:
    newest = products.order_by(*NEWEST).values(row_id=F("pk"), row_created=F("created_at"))
    return newest[:limit].query.sql_with_params()
