"""What a visitor sees when a request fails on the server."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request):
    """Django's 500 handler, called inside the `except` of the failed request.

    When the database is unreachable (restarting, failing over, connections dropped) the
    answer is a 503 with Retry-After, so shoppers and load balancers try again shortly. The
    page is rendered without the request's context: its context processors would ask the
    database again."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        page = loader.render_to_string("503.html", {"shop_name": settings.WAGTAIL_SITE_NAME})
        return HttpResponse(page, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return defaults.server_error(request)
