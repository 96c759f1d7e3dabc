"""The homepage's product sections, kept per catalog generation (and per sales, for best
sellers): loading their cards was half of the homepage's time.

A section's products depend on its rule and the catalog (`commerce.catalog.generation` moves
on with every product, stock-state, picture or category change), best sellers also on the
orders: placing an order or changing one's status (a cancellation) moves the sales token on.
Keys hold the sections' rules (source, limit, hand-picked ids, category), never a page's
content, so a preview shares them safely.
"""

from commerce.catalog import generation
from commerce.catalog.generation import GenerationCache
from home.product_sections import SectionRequest, fetch_sections

SALES_KEY = "home:sales"
MAX_PAGES = 50  # sets of sections per process (the homepage, previews of its drafts)

SECTIONS = GenerationCache("home sections", MAX_PAGES)


def section_cards(requests: list[SectionRequest]) -> list:
    """`fetch_sections(requests)`, built once per generation (and sales token)."""
    key = tuple(
        (r.source, r.limit, r.product_ids, getattr(r.category, "pk", None), r.include_descendants)
        for r in requests
    )
    sales = (SALES_KEY,) if any(r.source == "best_sellers" for r in requests) else ()
    return SECTIONS.get_or_build(key, lambda: fetch_sections(requests), also=sales)


def sales_changed(sender=None, **kwargs) -> None:
    generation.new_token(SALES_KEY)


def connect_signals() -> None:
    """Called from HomeConfig.ready (the orders' signals are sent after commit)."""
    from commerce.orders.signals import order_placed, order_status_changed

    order_placed.connect(sales_changed, dispatch_uid="home_sections_order_placed")
    order_status_changed.connect(sales_changed, dispatch_uid="home_sections_order_status")
