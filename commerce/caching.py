"""A value built once, cached, and forgotten on the signals that change it: the category menu
(commerce.catalog.navigation) and the site's header and footer (pages.navigation).

Two layers keep it free on every page. Django's cache, shared by all processes, holds the
built value; each process also keeps the value it last read for `local_seconds`, because the
default cache is the database cache, where a read is a query. A change forgets both at once,
and again when the transaction commits, so a request that rebuilt the value from the old rows
meanwhile cannot keep it; other processes pick the change up when their own copy expires, at
most `local_seconds` later. Put a version in the key and bump it whenever the value's shape
changes: values pickled by an older release are then never read.
"""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

SHARED_SECONDS = 6 * 60 * 60  # a safety net only: every change forgets the value at once
LOCAL_SECONDS = 30


class CachedValue:
    def __init__(self, key: str, build: Callable[[], object]):
        self.key = key
        self.build = build
        self.held: tuple[float, object] | None = None  # (until, value) in this process

    def get(self):
        now = time.monotonic()
        if self.held is not None and self.held[0] > now:
            return self.held[1]
        value = cache.get(self.key)
        if value is None:
            value = self.build()
            cache.set(self.key, value, SHARED_SECONDS)
        self.held = (now + LOCAL_SECONDS, value)
        return value

    def forget(self) -> None:
        self.held = None
        cache.delete(self.key)

    def changed(self, sender=None, **kwargs) -> None:
        """A signal receiver: forget now and once more when the transaction commits."""
        self.forget()
        transaction.on_commit(self.forget, robust=True)

    def forget_on(self, *signals, senders=(None,)) -> None:
        """Forget the value whenever one of `signals` is sent (by one of `senders`)."""
        for signal in signals:
            for sender in senders:
                signal.connect(
                    self.changed,
                    sender=sender,
                    weak=False,
                    dispatch_uid=f"{self.key}:{id(signal)}:{getattr(sender, '__name__', '')}",
                )
