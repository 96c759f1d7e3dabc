"""What a shopper asked a listing for, read from the query string.

Every value is optional and forgiving: a bad page, price, size or option falls back to the
default or is ignored, so any URL renders a page (never a 500). Numbers are bounded here,
before they reach SQL (a page number becomes an OFFSET, which PostgreSQL keeps in a bigint).
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
# Past the last page the Paginator shows the last one; beyond this it is not even asked.
MAX_PAGE = 10_000
MAX_PRICE = Decimal("1e9")


@dataclass(frozen=True)
class ListingParams:
    query: str = ""
    page: int = 1
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
        page=_page(data.get("page")),
        page_size=_page_size(data.get("per_page")),
        sort=sort if sort in SORTS else "relevance",
        price_min=price_min,
        price_max=price_max,
        in_stock=data.get("in_stock") in {"1", "on", "true"},
        options=options,
    )


def _page(raw: str | None) -> int:
    """The page number from 1 to MAX_PAGE; anything that is not a whole number is page 1."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def _price(raw: str | None) -> Decimal | None:
    """A price bound in cents at most; anything else (more decimals, negative, too large,
    not a number) is no bound. Rounding money is commerce.pricing's job, not a filter's."""
    if not raw:
        return None
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or not 0 <= value <= MAX_PRICE or value.as_tuple().exponent < -2:
        return None
    return value


def _page_size(raw: str | None) -> int:
    try:
        size = int(raw or DEFAULT_PAGE_SIZE)
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE
