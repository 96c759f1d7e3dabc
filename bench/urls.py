"""The shop's URLs plus the benchmark ceiling: a view that does no work at all, served by the
same gunicorn, settings and middleware as the pages, so its speed is the framework's limit
for a page on this machine."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from bench.harness import HELLO_PATH
from storefront.urls import urlpatterns as shop_urlpatterns


@require_safe
def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path(HELLO_PATH.strip("/") + "/", hello, name="bench_hello"), *shop_urlpatterns]
