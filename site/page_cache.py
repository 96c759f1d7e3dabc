"""A page cache that is safe for a shop.

What is cached: storefront pages (categories, products, search, Wagtail pages) rendered for a
visitor with nothing of their own on them: not logged in, nothing in their session (no cart,
no lists, no checkout), no message waiting. Such a page differs between visitors only in its
CSRF tokens, so the stored copy holds a placeholder instead, and every visitor served from it
gets their own token (and the CSRF cookie that goes with it). A page with a cart, a logged-in
shopper's data or a visitor's token is never stored.

Keys vary on the site (host) and the full path with its query string, and carry a version:
`invalidate()` moves the version on, which drops every stored page at once. It runs after an
editor publishes or unpublishes a page or snippet, when staff save products, categories,
stock, warehouses or site settings, when an order leaves a product low or out of stock, and
when a cancellation puts units back (`storefront.apps`). `PAGE_CACHE_SECONDS` = 0 turns the
cache off (the test settings do, except in the page cache's own tests).
"""

import re
import secrets

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


def _timeout() -> int:
    timeout = settings.PAGE_CACHE_SECONDS
    for seconds_until_change in _deadlines:
        seconds = seconds_until_change()
        if seconds is not None:
            timeout = min(timeout, max(1, int(seconds)))
    return timeout


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


def _version() -> str:
    version = page_cache().get(VERSION_KEY)
    if version is None:
        page_cache().add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = page_cache().get(VERSION_KEY, "")
    return version


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
            html = TOKEN_INPUT.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
            page_cache().set(key, (html, response["Content-Type"]), _timeout())
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
        key = f"page-cache:{_version()}:{request.get_host()}:{request.get_full_path()}"
        stored = page_cache().get(key)
        if stored is None:
            request._page_cache_key = key
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
