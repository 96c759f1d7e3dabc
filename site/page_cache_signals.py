"""What empties the page cache (storefront.page_cache): a change to anything a cached page
shows, connected once from `storefront.apps`.

- The catalog: every change the catalog generation watches (`commerce.catalog.generation`:
  products, variants, pictures, categories, attributes, stock rows and warehouses saved or
  deleted, option links, availability changed by orders and stock services, renditions made,
  bulk writes), told by `commerce.catalog.signals.catalog_changed`.
- Content: publishing, unpublishing or moving a page, publishing or unpublishing a snippet
  (a campaign banner), and saving or deleting a page, site, view restriction or setting
  (`watched_models()`).

`invalidate()` itself waits for the current transaction to commit.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from storefront.page_cache import invalidate


def _changed(sender=None, **kwargs) -> None:
    invalidate()


def watched_models() -> list:
    """What only the page cache needs (the catalog's own models tell it through the
    catalog generation)."""
    from wagtail.models import PageViewRestriction, Site

    return [
        PageViewRestriction,  # a hit skips Wagtail's password and login checks
        Site,
        Page,  # deleting any page deletes its base row; publishing has its own signals
        *settings_registry,
    ]


def connect() -> None:
    from commerce.catalog.signals import catalog_changed

    catalog_changed.connect(_changed, dispatch_uid="page_cache_catalog")
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_changed, dispatch_uid=f"page_cache_{id(signal)}")
    for model in watched_models():
        for signal in (post_save, post_delete):
            signal.connect(
                _changed,
                sender=model,
                weak=False,
                dispatch_uid=f"page_cache_{signal is post_save}_{model._meta.label}",
            )
