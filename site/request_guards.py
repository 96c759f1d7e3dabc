"""Requests refused or cleaned before any view (or SQL) sees them.

- Hostile bytes: PostgreSQL refuses NUL in text and a view would pass a path parameter or a
  query value straight to a query, so control characters and bytes that are not UTF-8 never
  get that far. In the path they answer 404 (no page has such an address); in the query
  string the value is dropped, as if it had not been sent. Bytes that are not UTF-8 reach a
  view only as harmless literal `%XX` text (Django re-escapes them).
- Logging out by GET: Wagtail's admin logout view answers 405 to GET but deletes the session
  cookie anyway, so any page could log staff out with an image tag. Only POST reaches it.
"""

import re

from django.http import Http404, HttpResponseNotAllowed, QueryDict
from django.urls import reverse

# C0 and C1 control characters (tab, line feed and carriage return are harmless in a value),
# and the replacement character Django puts where the query string had bytes that are not UTF-8.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_clean_path(request):
            raise Http404("No page has this address.")
        if any(_is_unsafe(key, value) for key, values in request.GET.lists() for value in values):
            request.GET = _without_unsafe(request.GET)
        return self.get_response(request)


def _is_clean_path(request) -> bool:
    # Django has already decoded the path as UTF-8 and re-escaped bytes that are not UTF-8 as
    # literal "%C0%AF" text, which no query minds; "/über-uns/" is a good address.
    return not UNSAFE_CHARACTERS.search(request.path_info)


def _is_unsafe(key: str, value: str) -> bool:
    return bool(UNSAFE_CHARACTERS.search(key) or UNSAFE_CHARACTERS.search(value))


def _without_unsafe(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        for value in values:
            if not _is_unsafe(key, value):
                cleaned.appendlist(key, value)
    cleaned._mutable = False
    return cleaned


class AdminLogoutByPostOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" and request.path_info == reverse("wagtailadmin_logout"):
            return HttpResponseNotAllowed(["POST"])
        return self.get_response(request)
