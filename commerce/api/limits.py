"""The per-token rate limit: at most `API_RATE_LIMIT` requests per `API_RATE_WINDOW_SECONDS`
window; the next answers 429 with `Retry-After` (seconds to the next window).

Counted in the `limits` cache (a PostgreSQL table in production), so the limit holds while
Redis is down. Fixed windows: a client may send up to twice the limit across a boundary."""

import math
import time

from django.conf import settings
from django.core.cache import caches

from commerce.api.errors import ApiError


def check_rate(token_pk: int) -> None:
    """Count one request of the token; raise a 429 `ApiError` once over the limit."""
    limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS
    if limit <= 0:
        return
    now = time.time()
    slot = int(now // window)
    key = f"api:rate:{token_pk}:{slot}"
    cache = caches["limits"]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        retry_after = max(1, math.ceil((slot + 1) * window - now))
        raise ApiError(
            429,
            "rate_limited",
            f"More than {limit} requests in {window} s: wait {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
