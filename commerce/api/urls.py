"""`/api/v1/` and, after it, every other address under `/api/`: a JSON 404 (never Django's
HTML page, nor a redirect to the same address with a slash). A method an address does not
answer is a JSON 405 with `Allow`, whether ninja's operations or the schema and docs refuse it."""

from functools import wraps

from django.http import Http404, JsonResponse
from django.urls import URLPattern, path, re_path

from commerce.api.api import api
from commerce.api.errors import method_not_allowed, not_found


def json_errors(view):
    """The API's JSON errors for what a view answers outside ninja's exception handlers:
    ninja's plain-text 405 (an operation's path asked with another method) and a 404 its
    root view raises."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if response.status_code == 405 and not isinstance(response, JsonResponse):
            return method_not_allowed(request, response.get("Allow", "").split(","))
        return response

    return guarded


def _with_json_errors(urls):
    patterns, app_name, namespace = urls
    wrapped = [
        URLPattern(p.pattern, json_errors(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]
    return wrapped, app_name, namespace


urlpatterns = [
    path("v1/", _with_json_errors(api.urls)),
    re_path(r"", not_found, name="api-not-found"),
]
