"""What empties the page cache: anything a cached page shows, changed by an editor or staff.

Orders and cancellations change stock with guarded updates (no signals); their services call
`page_cache.invalidate()` themselves when a page would show something else.
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
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from commerce.catalog.models import (
        AttributeDefinition,
        AttributeOption,
        Category,
        Product,
        ProductImage,
    )
    from commerce.stock.models import StockRecord, Warehouse

    return [
        PageViewRestriction,  # a hit skips Wagtail's password and login checks
        Site,
        Page,  # deletions (a page's base row); publishing is covered by the signals above
        Product,
        ProductImage,
        Category,
        AttributeDefinition,
        AttributeOption,
        StockRecord,
        Warehouse,
        get_image_model(),
        *settings_registry,
    ]


def connect() -> None:
    from commerce.stock.signals import availability_changed

    availability_changed.connect(_changed, dispatch_uid="page_cache_availability")
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
