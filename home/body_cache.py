"""The homepage's body (its StreamField sections) rendered once and shared by every visitor
until something it shows changes.

Loading and rendering the body was most of a logged-in shopper's homepage: the sections,
chosen objects and cards were already kept (home.section_cache), but converting the blocks
and rendering them ran on every request. The rendered body depends on:

- the body itself (its raw JSON, digested: a publish, a revert or a direct write all change it),
- the catalog's generation (products, categories, pictures, renditions: what cards and tiles
  show), the banners' token (publishing, unpublishing or deleting a banner), the pages' token
  (a linked page published, unpublished, moved or deleted) and, when the body has a best
  sellers section, the sales token,
- time: a chosen banner stops showing at its expiry even before `publish_scheduled` runs, so
  a kept body holds only until the nearest expiry of the banners it chose,
- the language and script prefix (URLs).

Cards and forms in it carry the CSRF token and path placeholders of
`commerce.catalog.card_html`, filled in per visitor. Previews are never kept (they render the
editor's unsaved content)."""

import hashlib
import json
import time
from dataclasses import dataclass

from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from commerce.catalog import card_html
from commerce.catalog.generation import GenerationCache
from home import section_cache

TEMPLATE = "home/includes/home_body.html"
MAX_BODIES = 20  # per process: the homepage and its translations

BODIES = GenerationCache("home bodies", MAX_BODIES)


@dataclass(frozen=True)
class KeptBody:
    html: str
    good_until: float | None  # time.time() of the nearest chosen banner's expiry

    def is_fresh(self) -> bool:
        return self.good_until is None or time.time() < self.good_until


def render_body(context, page) -> SafeString:
    """The page's body for this visitor: kept for everyone unless it is a preview."""
    template = context.template.engine.get_template(TEMPLATE)
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        with section_cache.tokens_read_once():
            page.load_product_sections()
        return mark_safe(template.render(context))

    def build() -> KeptBody:
        loaded = page.load_product_sections()
        html = card_html.render_for_anyone(context, template)
        return KeptBody(html, _nearest_expiry(loaded.get("banner", {}).values()))

    raw = list(page.body.raw_data)
    key = (page.pk, _digest(raw), get_language(), get_script_prefix())
    also = (section_cache.BANNERS_KEY, section_cache.PAGES_KEY)
    if _has_best_sellers(raw):
        also += (section_cache.SALES_KEY,)
    with section_cache.tokens_read_once():
        kept = BODIES.get_or_build(key, build, also=also, fresh=KeptBody.is_fresh)
    return mark_safe(card_html.personalise(kept.html, context))


def _digest(raw: list) -> str:
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _has_best_sellers(raw: list) -> bool:
    return any(
        item.get("type") == "products"
        and isinstance(item.get("value"), dict)
        and item["value"].get("source") == "best_sellers"
        for item in raw
    )


def _nearest_expiry(banners) -> float | None:
    now = timezone.now()
    expiries = [
        banner.expire_at
        for banner in banners
        if banner.live and banner.expire_at is not None and banner.expire_at > now
    ]
    return min(expiries).timestamp() if expiries else None
