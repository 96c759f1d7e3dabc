"""The category menu of the header and footer: plain data (names and URLs), built in one
query and cached, so a page pays nothing for it once the cache is warm.

Two layers keep it free on every page. Django's cache (shared by all processes) holds the
built menu under a versioned key; each process also keeps the menu it last read for
`LOCAL_SECONDS`, because the default cache is the database cache, where a read is a query.
Saving or deleting a category forgets both at once (and again when the transaction
commits, so a request that rebuilt the menu from the old rows meanwhile cannot keep it);
other processes pick the change up when their copy expires, at most `LOCAL_SECONDS` later.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from commerce.catalog.models import Category

# Bump the version whenever MenuLink or the menu's shape changes: cached menus pickled by an
# older release are then simply never read.
MENU_CACHE_KEY = "catalog:category-menu:v1"
SHARED_SECONDS = 6 * 60 * 60  # a safety net only: saves and deletes invalidate at once
LOCAL_SECONDS = 30
MAX_CHILDREN = 12  # per top category: the menu must stay lighter than the page's content


@dataclass(frozen=True)
class MenuLink:
    name: str
    url: str
    children: tuple["MenuLink", ...] = ()


_local: dict[str, tuple[float, tuple[MenuLink, ...]]] = {}


def build_category_menu() -> tuple[MenuLink, ...]:
    """Listed top categories in shop order, each with its listed children (one query)."""
    rows = (
        Category.objects.listed()
        .filter(depth__lte=1)
        .order_by("depth", "position", "name")
        .values_list("pk", "parent_id", "name", "path")
    )
    tops: dict[int, tuple[str, str]] = {}
    children: dict[int, list[MenuLink]] = {}
    for pk, parent_id, name, path in rows:
        url = reverse("catalog:category", kwargs={"path": path})
        if parent_id is None:
            tops[pk] = (name, url)
        else:
            children.setdefault(parent_id, []).append(MenuLink(name, url))
    return tuple(
        MenuLink(name, url, tuple(children.get(pk, ())[:MAX_CHILDREN]))
        for pk, (name, url) in tops.items()
    )


def category_menu() -> tuple[MenuLink, ...]:
    now = time.monotonic()
    held = _local.get(MENU_CACHE_KEY)
    if held is not None and held[0] > now:
        return held[1]
    menu = cache.get(MENU_CACHE_KEY)
    if menu is None:
        menu = build_category_menu()
        cache.set(MENU_CACHE_KEY, menu, SHARED_SECONDS)
    _local[MENU_CACHE_KEY] = (now + LOCAL_SECONDS, menu)
    return menu


def forget_category_menu() -> None:
    _local.pop(MENU_CACHE_KEY, None)
    cache.delete(MENU_CACHE_KEY)


def _category_changed(sender, **kwargs) -> None:
    forget_category_menu()
    transaction.on_commit(forget_category_menu)


def connect_signals() -> None:
    """Called from CatalogConfig.ready."""
    post_save.connect(_category_changed, sender=Category, dispatch_uid="catalog_menu_saved")
    post_delete.connect(_category_changed, sender=Category, dispatch_uid="catalog_menu_deleted")
