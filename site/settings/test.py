"""The test suite: PostgreSQL (DATABASE_URL or the private server), fast hashing, no e-mail."""

import os

from storefront.database import database_config
from storefront.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
DATABASES = {"default": database_config(conn_max_age=0)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Pinned query counts measure rendering; the page cache's tests turn it on.
PAGE_CACHE_SECONDS = 0

# Separate test databases for runs side by side (e.g. TEST_DATABASE_NAME=test_shop_a).
if _test_name := os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": _test_name}
# Serve static files straight from the app folders; no collectstatic needed here.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Without Redis the cache lives in process memory during tests, so clearing it needs no
# database access and nothing cached outlives a test's rollback in a table nobody flushes.
if not REDIS_URL:  # noqa: F405
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
    }
    CACHES["pages"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-pages",
    }

# Rate limits count in a database table in production; here in memory, so clearing them
# between tests needs no database access.
CACHES["limits"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "tests-limits",
}

# With REDIS_URL (CI's second run), keep each run's keys apart from any other run's.
if REDIS_URL:  # noqa: F405
    # App servers a test starts share one prefix (TEST_CACHE_PREFIX), so they share sessions.
    _run_prefix = os.environ.get("TEST_CACHE_PREFIX") or f"test-{os.getpid()}"
    for _alias in CACHES.values():  # noqa: F405
        _alias["KEY_PREFIX"] = f"{_run_prefix}-{_alias.get('KEY_PREFIX', '')}"
