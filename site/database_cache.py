"""Django's database cache with a one-statement `set`, for the shop's caches when no Redis is
configured (sessions are not in it: they have their own table).

Django's `DatabaseCache.set` counts the whole table (to cull), then reads the key and updates or
inserts it inside a transaction: five round trips for every page the page cache stores, three
of the twelve queries of a product page's first view. Here `set` is one
`INSERT ... ON CONFLICT DO UPDATE`, and the table's size is checked only on one set in
`CULL_EVERY` (an option, default 100) per process: the table may then run over `MAX_ENTRIES` by
that many sets per process (per thread: Django keeps a cache object per thread) before it is
cut back, dropping expired entries first, then those nearest their expiry (so entries kept
without a timeout, such as the catalog's generation token, go last). As in Django, a set
the database refuses (a key longer than the column) stores nothing and raises nothing; inside a
transaction it runs in a savepoint so the transaction goes on. Everything else (`get`, `add`,
`touch`, `delete`, `clear`) is Django's.
"""

import base64
import itertools
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now


class UpsertDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))
        self._sets = itertools.count()  # next() is atomic under the GIL

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        using = router.db_for_write(self.cache_model_class)
        connection = connections[using]
        table = connection.ops.quote_name(self._table)
        # In a transaction, a savepoint: a refused statement would end the transaction.
        guard = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
        try:
            with guard, connection.cursor() as cursor:
                if next(self._sets) % self._cull_every == 0:
                    self._keep_within_max_entries(cursor, connection, table)
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                    "ON CONFLICT (cache_key) DO UPDATE "
                    "SET value = EXCLUDED.value, expires = EXCLUDED.expires",
                    [
                        key,
                        encoded,
                        connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0)),
                    ],
                )
        except DatabaseError:
            pass  # not stored: a cache may forget (Django's database cache does the same)

    def _keep_within_max_entries(self, cursor, connection, table) -> None:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        (count,) = cursor.fetchone()
        if count <= self._max_entries:
            return
        if self._cull_frequency == 0:
            cursor.execute(f"DELETE FROM {table}")
            return
        current = connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [current])
        remaining = count - cursor.rowcount
        if remaining > self._max_entries:
            cursor.execute(
                f"DELETE FROM {table} WHERE cache_key IN "
                f"(SELECT cache_key FROM {table} ORDER BY expires LIMIT %s)",
                [remaining // self._cull_frequency],
            )
