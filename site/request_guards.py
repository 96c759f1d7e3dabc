"""Requests refused or cleaned before any view (or SQL) sees them.

- Hostile bytes: PostgreSQL refuses NUL in text and a view would pass a path parameter or a
  query value straight to a query, so control characters and bytes that are not UTF-8 never
  get that far. In the path they answer 404 (no page has such an address); in the query
  string the value is dropped, as if it had not been sent. Bytes that are not UTF-8 reach a
  view only as harmless literal `%XX` text (Django re-escapes them). The integration API
  (`/api/`) answers in JSON, and 400 instead of dropping a query value: a client must learn
  its filter was not applied.
- Logging out by GET: Wagtail's admin logout view answers 405 to GET but deletes the session
  cookie anyway, so any page could log staff out with an image tag. Only POST reaches it.
"""

import re

from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.urls import NoReverseMatch, reverse

# C0 and C1 control characters (tab, line feed and carriage return are harmless in a value),
# and the replacement character Django puts where the query string had bytes that are not UTF-8.
API_PREFIX = "/api/"
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith(API_PREFIX)
        if not _is_clean_path(request):
            if is_api:
                return _api_error(request, 404, "not_found", "No resource has this address.")
            raise Http404("No page has this address.")
        if any(_is_unsafe(key, value) for key, values in request.GET.lists() for value in values):
            if is_api:
                return _api_error(
                    request,
                    400,
                    "bad_request",
                    "Control characters or bytes that are not UTF-8 in the query.",
                )
            request.GET = _without_unsafe(request.GET)
        return self.get_response(request)


def _api_error(request, status: int, code: str, message: str) -> JsonResponse:
    """The integration API's error shape (commerce/api/errors.py), for what never reaches it."""
    return JsonResponse({"code": code, "message": message, "path": request.path}, status=status)


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
        if request.method != "POST" and request.path_info == _admin_logout_path(request):
            return HttpResponseNotAllowed(["POST"])
        return self.get_response(request)


def _admin_logout_path(request) -> str | None:
    """The admin's logout path in this request's URLconf; None where it has no admin."""
    try:
        return reverse("wagtailadmin_logout", urlconf=getattr(request, "urlconf", None))
    except NoReverseMatch:
        return None
