"""What the benchmark server adds to the shop (`bench.settings` plugs it in): the URLconf of
the ceiling, a view that does no work at all, with the shop's URLs included unchanged, and a
response header with the number of SQL queries of each request."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe

from bench.harness import HELLO_PATH, QUERY_COUNT_HEADER


@require_safe
def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path(HELLO_PATH.strip("/") + "/", hello, name="bench_hello"),
    path("", include("storefront.urls")),
]


class QueryCountMiddleware:
    """Counts the request's SQL queries into `X-Bench-Queries`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(count)
        return response
