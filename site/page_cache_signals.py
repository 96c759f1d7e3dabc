"""What empties the page cache (storefront.page_cache): a change to anything a cached page
shows, connected once from `storefront.apps`.

- Content: publishing, unpublishing or moving a page, publishing or unpublishing a snippet
  (a campaign banner), and saving or deleting a row of any model in `watched_models()`.
- Pictures: a worker made renditions a cached page showed stand-ins for
  (`commerce.catalog.signals.renditions_made`).
- Stock: orders, cancellations and stock counts change quantities with guarded updates, which
  send no model signals. Their services send `commerce.stock.signals.availability_changed`
  after the commit instead, for the products whose shown availability may have changed, and
  that empties it too.

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
    """Every model the catalog generation watches (what a listing, card or product page
    shows), and the pages, sites, restrictions and settings only the page cache needs."""
    from wagtail.models import PageViewRestriction, Site

    from commerce.catalog import generation

    return [
        PageViewRestriction,  # a hit skips Wagtail's password and login checks
        Site,
        Page,  # deleting any page deletes its base row; publishing has its own signals
        *generation.watched_models(),
        *settings_registry,
    ]


def connect() -> None:
    from commerce.catalog.signals import renditions_made
    from commerce.stock.signals import availability_changed

    availability_changed.connect(_changed, dispatch_uid="page_cache_availability")
    renditions_made.connect(_changed, dispatch_uid="page_cache_renditions")
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
