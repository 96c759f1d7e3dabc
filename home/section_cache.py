"""The homepage's product sections and chosen objects, kept per catalog generation (and per
sales, for best sellers; per banner change, for banners): loading them was half of the
homepage's time.

A section's products depend on its rule and the catalog (`commerce.catalog.generation` moves
on with every product, stock-state, picture or category change), best sellers also on the
orders: placing an order or changing one's status (a cancellation) moves the sales token on.
The objects the homepage's blocks choose (categories, products, pictures, banners:
home.blocks.choosers) are kept the same way; saving, publishing, unpublishing or deleting a
banner moves the banner token on (pictures and catalog rows move the generation). Whether a
banner shows is still decided at each render (`is_showing`: its schedule). Keys hold the
sections' rules (source, limit, hand-picked ids, category) and the chosen ids, never a page's
content, so a preview shares them safely.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from commerce.catalog import generation
from commerce.catalog.generation import GenerationCache
from home.product_sections import SectionRequest, fetch_sections

SALES_KEY = "home:sales"
BANNERS_KEY = "home:banners"
PAGES_KEY = "home:pages"  # links in the body show a page's title and URL
MAX_PAGES = 50  # sets of sections per process (the homepage, previews of its drafts)

SECTIONS = GenerationCache("home sections", MAX_PAGES)
CHOSEN = GenerationCache("home chosen objects", MAX_PAGES)


def section_cards(requests: list[SectionRequest]) -> list:
    """`fetch_sections(requests)`, built once per generation (and sales token)."""
    key = tuple(
        (r.source, r.limit, r.product_ids, getattr(r.category, "pk", None), r.include_descendants)
        for r in requests
    )
    sales = (SALES_KEY,) if any(r.source == "best_sellers" for r in requests) else ()
    return SECTIONS.get_or_build(key, lambda: fetch_sections(requests), also=sales)


def chosen_objects(key: tuple, load) -> dict:
    """`load()`'s {kind: {pk: object}} for these chosen ids, built once per generation and
    banner token."""
    return CHOSEN.get_or_build(key, load, also=(BANNERS_KEY,))


def sales_changed(sender=None, **kwargs) -> None:
    generation.new_token(SALES_KEY)


def tokens_read_once():
    """The catalog's, the sales', the banners' and the pages' tokens in one cache read for the
    page."""
    return generation.tokens_read_once(SALES_KEY, BANNERS_KEY, PAGES_KEY)


def banners_changed(sender=None, **kwargs) -> None:
    generation.new_token(BANNERS_KEY)
    transaction.on_commit(lambda: generation.new_token(BANNERS_KEY))


def pages_changed(sender=None, **kwargs) -> None:
    generation.new_token(PAGES_KEY)
    transaction.on_commit(lambda: generation.new_token(PAGES_KEY))


def connect_signals() -> None:
    """Called from HomeConfig.ready (the orders' signals are sent after commit)."""
    from wagtail.models import Page, Site

    from commerce.orders.signals import order_placed, order_status_changed
    from home.models import Banner

    order_placed.connect(sales_changed, dispatch_uid="home_sections_order_placed")
    order_status_changed.connect(sales_changed, dispatch_uid="home_sections_order_status")
    for signal in (post_save, post_delete, published, unpublished):
        signal.connect(
            banners_changed, sender=Banner, weak=False, dispatch_uid=f"home_banners_{id(signal)}"
        )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(pages_changed, dispatch_uid=f"home_pages_{id(signal)}")
    for model in (Page, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                pages_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"home_pages_{id(signal)}_{model._meta.label}",
            )
