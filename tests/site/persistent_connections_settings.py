"""The test settings with production's database connections: kept open between requests and
checked before reuse (CONN_MAX_AGE and CONN_HEALTH_CHECKS in site/settings/production.py).
The test suite itself opens a connection per request (site/settings/test.py)."""

from storefront.settings.test import *  # noqa: F403

DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)  # noqa: F405
