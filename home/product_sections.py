"""The products of the homepage's product sections, for all sections at once.

However many sections a page holds, this runs at most one query to pick the ids of the rule-based
sections (one UNION ALL of a small sliced query per section) and one card fetch for every id
together (products with stock, then their images, renditions and card attributes)."""

from dataclasses import dataclass

from django.db.models import F, IntegerField, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from commerce.catalog.models import Category, Product
from commerce.catalog.selectors import ProductCard, as_cards, product_cards
from commerce.orders.selectors import with_sales

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


def _ranked_ids(index: int, request: SectionRequest) -> QuerySet | None:
    """(index, rank, product id) rows of one rule-based section, best first, at most `limit`."""
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
        products = with_sales(products).filter(units_sold__gt=0)
        ordering = [F("units_sold").desc(), F("pk").desc()]
    else:
        return None
    return (
        products.annotate(
            section=Value(index, output_field=IntegerField()),
            rank=Window(RowNumber(), order_by=ordering),
        )
        .order_by(*ordering)
        .values_list("section", "rank", "pk")[: request.limit]
    )


def fetch_sections(requests: list[SectionRequest]) -> list[list[ProductCard]]:
    """The cards of each section, in the section's order, only products a shopper may see."""
    ids: list[list[int]] = [[] for _ in requests]
    ranked = [
        query
        for index, request in enumerate(requests)
        if request.source != "products" and (query := _ranked_ids(index, request)) is not None
    ]
    if ranked:
        rows = sorted(ranked[0].union(*ranked[1:], all=True))
        for index, _rank, pk in rows:
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
