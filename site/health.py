"""`/healthz` for load balancers and orchestrators. Never cached.

503 only when this app server cannot reach its database: it cannot sell then. A failing cache
(Redis down) answers 200 with `"cache": "failing"` in the body: the shop keeps selling without
it (storefront/cache_backends.py), and Redis is shared, so answering 503 would take every
app server out of rotation at once. Monitoring should alert on the body, not only the code."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def cache_ok() -> bool:
    value = secrets.token_hex(8)
    key = f"healthz:{value}"  # one per probe: app servers share the cache
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    body = {name: "ok" if ok else "failing" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if checks["database"] else 503)
