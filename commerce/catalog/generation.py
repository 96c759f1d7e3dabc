"""The catalog's generation: a token that moves on with every change a listing, a product card
or a product page can show, so rendered results may be kept per generation (listing_cache,
product_page_cache) and are never shown after such a change.

It moves on (after the transaction commits) when a product, variant, picture, category,
attribute, option, stock row or warehouse is saved or deleted (publishing a product saves it),
when options are linked to products or variants, when a worker made renditions, and when the
stock services, orders, cancellations or an import announce that what shoppers are told about
stock may have changed (`availability_changed`: in or out of stock, "only N left"). Bulk
writes that send none of these call `advance()` themselves.

The token lives in the default cache, shared by every process, so a change made in one
process is seen by the next request of every other: reading it is one cache read (one query
on the database cache) per page. It is random, never a counter: an evicted counter could
start again at a value whose old results are still kept somewhere.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

KEY = "catalog:generation"
_held_tokens: ContextVar[dict | None] = ContextVar("catalog_generation_tokens", default=None)


def current() -> str:
    return tokens(KEY)[0]


def tokens(*keys: str) -> tuple[str, ...]:
    """The tokens under `keys` (this generation's and any other kept the same way, e.g. the
    homepage's sales token), in one cache read; a missing one is created. Inside
    `tokens_read_once` they come from that one read."""
    held = _held_tokens.get()
    if held is not None and all(key in held for key in keys):
        return tuple(held[key] for key in keys)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key, "")
    return tuple(found[key] for key in keys)


@contextmanager
def tokens_read_once(*keys: str):
    """Inside, `tokens` of these keys (the generation's always) answers from one read made
    here: a page that keeps several things per generation pays one cache read for all."""
    keys = (KEY, *keys)
    token = _held_tokens.set(dict(zip(keys, tokens(*keys), strict=True)))
    try:
        yield
    finally:
        _held_tokens.reset(token)


def new_token(key: str) -> None:
    cache.set(key, secrets.token_hex(8), timeout=None)


def advance() -> None:
    """Move the generation on now and again when the current transaction commits (a request
    that read the old rows meanwhile cannot keep its results under the new token). The move
    on commit is registered once per transaction: an admin save sends a signal for every row
    of its forms. Tells `catalog_changed` listeners (the page cache) each time."""
    _new_token()
    from commerce.catalog.signals import catalog_changed

    catalog_changed.send(sender=None)
    connection = transaction.get_connection()
    if not any(func is _new_token for _sids, func, _robust in connection.run_on_commit):
        # Robust: what committed (an order, say) stays done and answered; a failure is logged.
        transaction.on_commit(_new_token, robust=True)


def _new_token() -> None:
    new_token(KEY)


def _changed(sender=None, **kwargs) -> None:
    advance()


class GenerationCache:
    """Values built from the catalog, kept in this process for the current generation only:
    the first request of a new generation empties the store. Values are shared by every
    request of the process, so they must not hold anything of one visitor's and must not be
    changed by their users. At most `max_entries`, least recently used out first; `None`
    (nothing found) is never kept."""

    def __init__(self, name: str, max_entries: int):
        self.name = name
        self.max_entries = max_entries
        self._generation = ""
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        _stores.append(self)

    def get_or_build(
        self,
        key: Hashable,
        build: Callable[[], object],
        *,
        also: tuple = (),
        fresh: Callable[[object], bool] | None = None,
    ):
        """The value under `key` for this generation, else `build()`'s. `also`: keys of other
        tokens the value depends on (read with the generation's, in the same cache read).
        `fresh(value)`: whether a kept value still holds (a change no token announces, such
        as a time passing); a stale one is built again."""
        token, *others = tokens(KEY, *also)
        if not token or not all(others):
            # The shared cache cannot be read (Redis down): a change made by another process
            # could not reach this one, so nothing is kept until it answers again.
            self.clear()
            return build()
        if others:
            key = (key, *others)
        with self._lock:
            if token != self._generation:
                self._values.clear()
                self._generation = token
            if key in self._values:
                value = self._values[key]
                if fresh is None or fresh(value):
                    self._values.move_to_end(key)
                    return value
                del self._values[key]
        value = build()
        if value is None:  # nothing found: not kept, so junk keys cannot crowd out pages
            return None
        with self._lock:
            if token == self._generation:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._generation = ""


_stores: list[GenerationCache] = []


@receiver(setting_changed)
def forget_all(**kwargs) -> None:
    """Empty every store (tests; a changed setting may change what was built)."""
    for store in _stores:
        store.clear()


def watched_models() -> list:
    from wagtail.images import get_image_model

    from commerce.catalog.models import (
        AttributeDefinition,
        AttributeOption,
        Category,
        Product,
        ProductImage,
        ProductVariant,
    )
    from commerce.stock.models import StockRecord, Warehouse

    return [
        Product,
        ProductVariant,
        ProductImage,
        Category,
        AttributeDefinition,
        AttributeOption,
        StockRecord,
        Warehouse,
        get_image_model(),
    ]


def connect_signals() -> None:
    """Called from CatalogConfig.ready."""
    from commerce.catalog.models import Product, ProductVariant
    from commerce.catalog.signals import renditions_made
    from commerce.stock.signals import availability_changed

    availability_changed.connect(_changed, dispatch_uid="catalog_generation_availability")
    renditions_made.connect(_changed, dispatch_uid="catalog_generation_renditions")
    for model in watched_models():
        for signal in (post_save, post_delete):
            signal.connect(
                _changed,
                sender=model,
                weak=False,
                dispatch_uid=f"catalog_generation_{signal is post_save}_{model._meta.label}",
            )
    for links in (
        Product.attribute_options.through,
        Product.variant_attributes.through,
        ProductVariant.options.through,
    ):
        m2m_changed.connect(
            _changed,
            sender=links,
            weak=False,
            dispatch_uid=f"catalog_generation_m2m_{links._meta.label}",
        )
