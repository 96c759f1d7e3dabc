"""Settings of the benchmark server: the development settings as production runs them.

`DEBUG` off, persistent database connections (`CONN_MAX_AGE` 60, as in production), no
static-file autorefresh, e-mails rendered but discarded, and two additions that never reach
the shop itself: the `/__bench__/` ceiling views (`bench.urls`) and a response header with the
number of SQL queries of each request (`bench.middleware`). The database is `DATABASE_URL`,
which the bench scripts point at a benchmark database, never the dev database.
"""

from storefront.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
# First, so the count includes the session, auth and message middleware's own queries.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
WHITENOISE_AUTOREFRESH = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
