"""What a shopper asked a listing for, read from the query string.

Every value is optional and forgiving: a bad page, price, size or option falls back to the
default or is ignored, so any URL renders a page (never a 500).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.http import QueryDict

PAGE_SIZES = (12, 24, 48, 96)
DEFAULT_PAGE_SIZE = 24
SORTS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "price": "Price: low to high",
    "-price": "Price: high to low",
    "name": "Name",
}
# Query parameters of listings; attribute definitions may not use these slugs.
RESERVED = {"q", "page", "per_page", "sort", "price_min", "price_max", "in_stock"}
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class ListingParams:
    query: str = ""
    page: str = "1"
    page_size: int = DEFAULT_PAGE_SIZE
    sort: str = "relevance"
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: bool = False
    # {definition slug: {option slug, ...}}, only slugs that exist
    options: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def has_filters(self) -> bool:
        return bool(self.options or self.in_stock or self.price_min or self.price_max)


def parse_listing_params(data: QueryDict, *, known_options: dict[str, set[str]]) -> ListingParams:
    """`known_options` maps each filterable definition slug to its option slugs."""
    price_min, price_max = _price(data.get("price_min")), _price(data.get("price_max"))
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min
    options = {}
    for slug, allowed in known_options.items():
        chosen = frozenset(data.getlist(slug)) & allowed
        if chosen:
            options[slug] = chosen
    sort = data.get("sort", "relevance")
    return ListingParams(
        query=" ".join(data.get("q", "").split())[:MAX_QUERY_LENGTH],
        page=data.get("page", "1"),
        page_size=_page_size(data.get("per_page")),
        sort=sort if sort in SORTS else "relevance",
        price_min=price_min,
        price_max=price_max,
        in_stock=data.get("in_stock") in {"1", "on", "true"},
        options=options,
    )


def _price(raw: str | None) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < 0 or value > Decimal("1e9"):
        return None
    return value.quantize(Decimal("0.01"))


def _page_size(raw: str | None) -> int:
    try:
        size = int(raw or DEFAULT_PAGE_SIZE)
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE
