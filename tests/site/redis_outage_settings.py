"""The test settings with the page cache on, for the app server tests/site/test_redis_outage.py
starts against its own Redis (REDIS_URL in the environment)."""

from storefront.settings.test import *  # noqa: F403

PAGE_CACHE_SECONDS = 600
