"""The products of the homepage's product sections, for all sections at once.

However many sections a page holds, this runs at most one query to pick the ids of the rule-based
sections (one UNION ALL of a small sliced query per section) and one card fetch for every id
together (products with stock, then their images, renditions and card attributes).

Each section's ids come from its own `ORDER BY ... LIMIT` (a top-N the database finds without
sorting the catalog), numbered by `unnest(ARRAY(...)) WITH ORDINALITY`, which keeps the
subquery's order. A window function over the catalog instead cost 1.3 s at 100,000 products
(bench/RESULTS.md)."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, QuerySet, Sum

from commerce.catalog.models import Category, Product
from commerce.catalog.selectors import ProductCard, as_cards, product_cards
from commerce.orders.models import OrderLine, OrderStatus

SOURCES = [
    ("products", "Hand-picked products"),
    ("category", "A category"),
    ("newest", "Newest products"),
    ("on_sale", "On sale"),
    ("best_sellers", "Best sellers"),
]


@dataclass(frozen=True)
class SectionRequest:
    source: str
    limit: int
    product_ids: tuple[int, ...] = ()
    category: Category | None = None
    include_descendants: bool = True


def _section_ids(request: SectionRequest) -> QuerySet | None:
    """The ids of one rule-based section's products, best first, at most `limit`."""
    products = Product.objects.visible()
    newest = [F("created_at").desc(), F("pk").desc()]
    if request.source == "category":
        if request.category is None:
            return None
        if request.include_descendants:
            categories = Category.objects.subtree_of(request.category)
            products = products.filter(category__in=categories)
        else:
            products = products.filter(category=request.category)
        ordering = newest
    elif request.source == "newest":
        ordering = newest
    elif request.source == "on_sale":
        products = products.filter(compare_at_price__gt=F("price"))
        discount = (F("compare_at_price") - F("price")) / F("compare_at_price")
        ordering = [discount.desc(), *newest]
    elif request.source == "best_sellers":
        return _best_seller_ids(products, request.limit)
    else:
        return None
    return products.order_by(*ordering).values_list("pk", flat=True)[: request.limit]


def _best_seller_ids(visible: QuerySet, limit: int) -> QuerySet:
    """From the order lines (of orders not cancelled) grouped by product: the cost follows
    the sales, not the catalog (a units-sold subquery per product took 0.7 s at 100,000)."""
    return (
        OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED)
        .filter(product__in=visible)
        .values("product")
        .annotate(units=Sum("quantity"))
        .order_by("-units", "-product")
        .values_list("product", flat=True)[:limit]
    )


def _ranked_rows(sections: list[tuple[int, QuerySet]]) -> list[tuple[int, int, int]]:
    """(section index, rank, product id) of every rule-based section, in one query."""
    parts, params = [], []
    for index, ids in sections:
        sql, ids_params = ids.query.sql_with_params()
        parts.append(
            "SELECT %s AS section, ranked.position, ranked.id "
            f"FROM unnest(ARRAY({sql})) WITH ORDINALITY AS ranked(id, position)"
        )
        params.extend([index, *ids_params])
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return sorted(cursor.fetchall())


def fetch_sections(requests: list[SectionRequest]) -> list[list[ProductCard]]:
    """The cards of each section, in the section's order, only products a shopper may see."""
    ids: list[list[int]] = [[] for _ in requests]
    ranked = [
        (index, query)
        for index, request in enumerate(requests)
        if request.source != "products" and (query := _section_ids(request)) is not None
    ]
    if ranked:
        for index, _rank, pk in _ranked_rows(ranked):
            ids[index].append(pk)
    for index, request in enumerate(requests):
        if request.source == "products":
            ids[index] = list(dict.fromkeys(request.product_ids))
    wanted = {pk for section in ids for pk in section}
    if not wanted:
        return [[] for _ in requests]
    cards = {card.product.pk: card for card in as_cards(product_cards().filter(pk__in=wanted))}
    return [
        [cards[pk] for pk in section if pk in cards][: request.limit]
        for section, request in zip(ids, requests, strict=True)
    ]
