"""A page cache that is safe for a shop.

What is cached: storefront pages (categories, products, search, Wagtail pages) rendered for a
visitor with nothing of their own on them: not logged in, nothing in their session (no cart,
no lists, no checkout), no message waiting. Such a page differs between visitors only in its
CSRF tokens, so the stored copy holds a placeholder instead, and every visitor served from it
gets their own token (and the CSRF cookie that goes with it). A page with a cart, a logged-in
shopper's data or a visitor's token is never stored.

Keys vary on the site (host) and the full path with its query string; a stored page carries
the cache's version, read in the same cache read as the page (one query on the database
cache), and counts only while that version is current: `invalidate()` moves the version on,
which drops every stored page at once. It runs after an
editor publishes or unpublishes a page or snippet, when staff save products, categories,
stock, warehouses or site settings, when an order leaves a product low or out of stock, and
when a cancellation puts units back (`storefront.apps`). `PAGE_CACHE_SECONDS` = 0 turns the
cache off (the test settings do, except in the page cache's own tests).
"""

import hashlib
import math
import re
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

VERSION_KEY = "page-cache:version"
PLACEHOLDER = "__CSRF_TOKEN_PLACEHOLDER__"
TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CACHED_VIEWS = frozenset({"catalog:category", "catalog:product", "catalog:search", "wagtail_serve"})
HEADER = "X-Page-Cache"
# Query strings the storefront's pages understand are short; anything longer or with more
# parameters is served uncached, so junk URLs cannot flood the cache.
MAX_QUERY_LENGTH = 300
MAX_QUERY_PARAMS = 12


# Callables returning seconds until a change that no signal announces (a banner's expiry
# passing before `publish_scheduled` runs), or None; a stored page never outlives the nearest.
_deadlines: list = []


def add_deadline(seconds_until_change) -> None:
    _deadlines.append(seconds_until_change)


def _timeout(version: str | None = None) -> int:
    """Seconds a page stored now may be kept: `PAGE_CACHE_SECONDS`, or less when a deadline
    comes sooner. With the cache's `version`, the nearest deadline is asked once per version
    and kept until it passes (a query per stored page otherwise): a new deadline comes only
    with a change that moves the version on (a banner is published)."""
    global _kept_deadline
    now = time.time()
    if version is not None:
        kept_version, deadline, asked_at = _kept_deadline
        if (
            kept_version == version
            and now - asked_at < DEADLINE_KEPT_SECONDS
            and (deadline is None or now < deadline)
        ):
            return _seconds_until(deadline)
    deadline = None
    for seconds_until_change in _deadlines:
        seconds = seconds_until_change()
        if seconds is not None:
            deadline = min(deadline or math.inf, now + seconds)
    if version is not None:
        _kept_deadline = (version, deadline, now)
    return _seconds_until(deadline)


# (version, deadline, when asked). Asked again at least this often: should moving the version
# on fail (it is logged, not raised), a new banner's expiry still counts within a minute.
_kept_deadline: tuple[str | None, float | None, float] = (None, None, 0.0)
DEADLINE_KEPT_SECONDS = 60


def forget_deadline() -> None:
    """Ask for the nearest deadline again at the next store (tests)."""
    global _kept_deadline
    _kept_deadline = (None, None, 0.0)


def _seconds_until(deadline: float | None) -> int:
    timeout = settings.PAGE_CACHE_SECONDS
    if deadline is None:
        return timeout
    return min(timeout, max(1, int(deadline - time.time())))


def page_cache():
    """Its own alias, so a flood of pages never evicts sessions or carts."""
    return caches["pages"]


def invalidate() -> None:
    """Drop every cached page (after the current transaction commits, if any; a failure is
    logged, never raised into the request whose writes committed)."""
    transaction.on_commit(_bump_version, robust=True)


def _bump_version() -> None:
    """A random version, never a counter: an evicted counter could start again at a value
    whose old pages are still stored."""
    page_cache().set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def _key(request) -> str:
    """The host and full path, digested: a fixed length whatever the URL (a cache key must fit
    the database cache's column and memcached's limit)."""
    address = f"{request.get_host()}:{request.get_full_path()}".encode()
    return f"page-cache:{hashlib.blake2b(address, digest_size=16).hexdigest()}"


def _version_and_page(key: str) -> tuple[str, tuple | None]:
    """The cache's version and the page stored under `key` as (html, content type), or None
    when none is stored under the current version: one cache read."""
    found = page_cache().get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        page_cache().add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        return page_cache().get(VERSION_KEY, ""), None
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return version, None
    return version, stored[1:]


def _is_anonymous_and_stateless(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and not session.is_empty():
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    if len(request.GET) > MAX_QUERY_PARAMS:
        return False
    return not _has_messages(request)


def _has_messages(request) -> bool:
    messages = getattr(request, "_messages", None)
    return messages is not None and bool(len(messages))


def _storable(request, response) -> bool:
    if _has_messages(request):  # a message added while rendering
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies:  # the view set something for this visitor
        return False
    if getattr(request, "_csp_nonce", None):  # a per-response CSP nonce is in the page
        return False
    cache_control = {
        part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-cache", "no-store"}:
        return False
    session = getattr(request, "session", None)
    return session is None or (not session.modified and session.is_empty())


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is not None and _storable(request, response):
            version = request._page_cache_version
            html = TOKEN_INPUT.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
            page_cache().set(key, (version, html, response["Content-Type"]), _timeout(version))
            response[HEADER] = "miss"
        _keep_out_of_shared_caches(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return None
        match = request.resolver_match
        if match is None or match.view_name not in CACHED_VIEWS:
            return None
        if not _is_anonymous_and_stateless(request):
            return None
        key = _key(request)
        version, stored = _version_and_page(key)
        if stored is None:
            request._page_cache_key, request._page_cache_version = key, version
            return None
        html, content_type = stored
        if PLACEHOLDER in html:
            html = html.replace(PLACEHOLDER, get_token(request))
        response = HttpResponse(html, content_type=content_type)
        response[HEADER] = "hit"
        _keep_out_of_shared_caches(response)
        return response


def _keep_out_of_shared_caches(response) -> None:
    """Storefront HTML carries a visitor's CSRF token: no CDN or proxy may share it."""
    if response.get("Content-Type", "").startswith("text/html") and not response.has_header(
        "Cache-Control"
    ):
        response["Cache-Control"] = "private, no-cache"
