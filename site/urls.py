from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from storefront import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("commerce.catalog.urls")),
    path("", include("pages.urls")),
    path("cart/", include("commerce.cart.urls")),
    path("checkout/", include("commerce.checkout.urls")),
    path("payments/", include("commerce.payments.urls")),
    path("account/", include("commerce.accounts.urls")),
    path("orders/", include("commerce.orders.urls")),
    path("lists/", include("commerce.lists.urls")),
    path("api/", include("commerce.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

# A database outage answers 503 with Retry-After instead of a 500 (storefront/errors.py).
handler500 = "storefront.errors.server_error"
