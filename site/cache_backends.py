"""Redis as a cache that may fail: when Redis errors or times out, the shop runs without it.

`DegradingRedisCache` is django-redis's `RedisCache` with three additions:

- An operation that fails (connection refused, socket timeout, any Redis error) answers as
  "no cache" would (Django's DummyCache): a read misses, a write stores nothing, `add` succeeds,
  `incr` finds no key. Callers see a cold cache, never an exception.
- After a failure, this process skips Redis for `RETRY_AFTER_SECONDS`, so a page that reads the
  cache ten times does not wait for the socket timeout ten times. The first call after that
  pause probes Redis (while the others keep skipping); when it answers, caching resumes.
- Writes that failed or were skipped are remembered (up to `MAX_STALE_KEYS`) and those keys
  are deleted when Redis answers again: Redis may come back with its old data (a network
  partition, a pause, a failover), and an entry written before the outage must not shadow
  what changed during it (a session flushed at log-out, a page-cache version moved on).

One line is logged when an outage begins and one when it ends, not one per call. django-redis'
own IGNORE_EXCEPTIONS is not used: it returns None from `incr` and `add` (a counter that
compares None with a number fails), logs a traceback per call and hides the failure from the
pause above.
"""

import logging
import threading
import time
from functools import partial
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What an unreachable, hung, restarting or read-only Redis raises.
REDIS_FAILURES = (RedisError, OSError, ConnectionInterrupted)
MAX_STALE_KEYS = 100_000
DELETE_BATCH = 500


class Outage:
    """What one process knows about one Redis server being unreachable (shared by every cache
    alias and thread that talks to that server)."""

    def __init__(self, location: str):
        self.location = _without_password(location)
        self.lock = threading.Lock()
        self.down = False
        self.skip_until = 0.0
        self.stale_keys: set[str] = set()
        self.stale_keys_dropped = 0

    def began(self, error: Exception, pause: float) -> None:
        with self.lock:
            was_down, self.down = self.down, True
            self.skip_until = time.monotonic() + pause
        if not was_down:
            logger.error(
                "Redis at %s failed (%s: %s): serving without the cache, retrying every %s s",
                self.location,
                type(error).__name__,
                error,
                pause,
            )

    def remember(self, keys) -> None:
        with self.lock:
            self._add_stale(keys)

    def _add_stale(self, keys) -> None:
        for key in keys:
            if len(self.stale_keys) >= MAX_STALE_KEYS:
                self.stale_keys_dropped += 1
            else:
                self.stale_keys.add(str(key))

    def should_skip(self, backend: "DegradingRedisCache", writes=()) -> bool:
        """True while Redis is known to be down, with the keys of a skipped write remembered
        under the same lock (so a recovery finishing meanwhile cannot miss them). The first
        caller after the pause probes Redis; everyone else keeps skipping until it is done."""
        with self.lock:
            if not self.down:
                return False
            if time.monotonic() < self.skip_until:
                self._add_stale(writes)
                return True
            self.skip_until = time.monotonic() + backend.retry_after
        if self._recovered(backend):
            return False
        self.remember(writes)
        return True

    def _recovered(self, backend: "DegradingRedisCache") -> bool:
        """Ping Redis and delete the keys written while it was down (and while this runs);
        True, and caching resumes, once that worked with nothing left to delete."""
        rounds = 0  # the first round pings even with nothing to delete
        while True:
            with self.lock:
                keys, self.stale_keys = self.stale_keys, set()
                if rounds and not keys:
                    self.down = False
                    untracked, self.stale_keys_dropped = self.stale_keys_dropped, 0
                    break
            try:
                backend.probe_and_delete(sorted(keys))
            except REDIS_FAILURES as error:
                self.remember(keys)
                self.began(error, backend.retry_after)
                return False
            rounds += 1
        logger.warning(
            "Redis at %s answers again: caching resumes (keys written during the outage "
            "deleted; %d more were not tracked and may be stale until they expire)",
            self.location,
            untracked,
        )
        return True


def _without_password(location: str) -> str:
    """host:port/db for the logs: REDIS_URL may carry a password."""
    parts = urlsplit(location)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else "redis"


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_of(location) -> Outage:
    location = str(location)
    outage = _outages.get(location)
    if outage is None:
        with _outages_lock:
            outage = _outages.setdefault(location, Outage(location))
    return outage


def forget_outages() -> None:
    """For tests: every server counts as up again."""
    with _outages_lock:
        _outages.clear()


class DegradingRedisCache(RedisCache):
    """django-redis' cache that answers "no cache" while Redis fails. Extra OPTIONS:
    `RETRY_AFTER_SECONDS` (default 5), how long to skip Redis after a failure."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._ignore_exceptions = False  # failures reach `_guarded` below

    @property
    def outage(self) -> Outage:
        return outage_of(self._server)

    def probe_and_delete(self, keys: list[str]) -> None:
        redis = self.client.get_client(write=True)
        redis.ping()
        for start in range(0, len(keys), DELETE_BATCH):
            redis.delete(*keys[start : start + DELETE_BATCH])

    def _guarded(self, call, no_cache, writes=()):
        """`call()`, or `no_cache()` when Redis is down or fails; keys in `writes` are
        remembered as possibly stale when the write does not reach Redis."""
        outage = self.outage
        if outage.should_skip(self, writes):
            return no_cache()
        try:
            return call()
        except REDIS_FAILURES as error:
            outage.remember(writes)
            outage.began(error, self.retry_after)
            return no_cache()

    def _keys(self, keys, version) -> list[str]:
        return [self.make_key(key, version=version) for key in keys]

    def get(self, key, default=None, version=None, **kwargs):
        call = partial(super().get, key, default, version=version, **kwargs)
        return self._guarded(call, lambda: default)

    def get_many(self, keys, version=None, **kwargs):
        return self._guarded(partial(super().get_many, keys, version=version, **kwargs), dict)

    def has_key(self, key, version=None, **kwargs):
        call = partial(super().has_key, key, version=version, **kwargs)
        return self._guarded(call, lambda: False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        call = partial(super().set, key, value, timeout, version=version, **kwargs)
        return self._guarded(call, lambda: False, self._keys([key], version))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        call = partial(super().add, key, value, timeout, version=version, **kwargs)
        return self._guarded(call, lambda: True, self._keys([key], version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        call = partial(super().touch, key, timeout, version=version, **kwargs)
        return self._guarded(call, lambda: False, self._keys([key], version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        call = partial(super().set_many, data, timeout, version=version, **kwargs)
        return self._guarded(call, lambda: list(data), self._keys(data, version))

    def delete(self, key, version=None, **kwargs):
        call = partial(super().delete, key, version=version, **kwargs)
        return self._guarded(call, lambda: False, self._keys([key], version))

    def delete_many(self, keys, version=None, **kwargs):
        keys = list(keys)
        call = partial(super().delete_many, keys, version=version, **kwargs)
        return self._guarded(call, lambda: None, self._keys(keys, version))

    def incr(self, key, delta=1, version=None, **kwargs):
        call = partial(super().incr, key, delta, version=version, **kwargs)
        return self._guarded(call, partial(_not_found, key), self._keys([key], version))

    def decr(self, key, delta=1, version=None, **kwargs):
        call = partial(super().decr, key, delta, version=version, **kwargs)
        return self._guarded(call, partial(_not_found, key), self._keys([key], version))

    def delete_pattern(self, pattern, **kwargs):
        return self._guarded(partial(super().delete_pattern, pattern, **kwargs), lambda: 0)

    def clear(self):
        return self._guarded(super().clear, lambda: None)


def _not_found(key):
    """What a cache without the key answers to `incr`/`decr` (as Django's DummyCache does)."""
    raise ValueError(f"Key {key!r} not found.")
