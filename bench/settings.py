"""The benchmark server's settings: the development settings as production runs them.

`DEBUG` off, persistent database connections (`CONN_MAX_AGE` 60, as in production), no
static-file autorefresh, e-mails rendered but discarded, and what `bench/server.py` adds: the
ceiling view and the query-count header. The scripts run `gunicorn storefront.wsgi` with
`DJANGO_SETTINGS_MODULE=bench.settings` and `DATABASE_URL` pointed at a benchmark database,
never the dev database.
"""

from storefront.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.server"
# First, so the count includes the session, auth and message middleware's own queries.
MIDDLEWARE = ["bench.server.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
WHITENOISE_AUTOREFRESH = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
