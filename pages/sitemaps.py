"""sitemap.xml: an index of three sections - pages (honouring noindex and exclusion), all
products and the listed categories, and visible products - each with lastmod where the data
has it."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from commerce.catalog.listing import ALL_PRODUCTS
from commerce.catalog.models import Category, Product
from commerce.catalog.models.products import VISIBLE_STATUSES


class PageSitemap(WagtailSitemap):
    """Live public pages of the request's site; each page type decides its own URLs
    (SeoMixin.get_sitemap_urls leaves out noindex and excluded pages). Locations are on the
    request's host, like the catalog sections and the pages' canonical URLs."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if self.request is not None:
            for url in urls:
                parts = urlsplit(url["location"])
                path = urlunsplit(("", "", parts.path, parts.query, ""))
                url["location"] = self.request.build_absolute_uri(path)
        return urls


class RequestSitemap(Sitemap):
    """A catalog section (Django's sitemap: `get_absolute_url` on the request's host)."""

    limit = 5000

    def __init__(self, request=None):
        self.request = request


class CategorySitemap(RequestSitemap):
    """All products, then the listed categories; lastmod is the latest change of a visible
    product in them."""

    def items(self):
        visible = Q(
            products__live=True,
            products__status__in=VISIBLE_STATUSES,
        )
        categories = (
            Category.objects.listed()
            .annotate(latest_product_change=Max("products__updated_at", filter=visible))
            .only("path")
            .order_by("path")
        )
        return [ALL_PRODUCTS, *categories]

    def lastmod(self, item):
        if item is ALL_PRODUCTS:
            return Product.objects.visible().aggregate(latest=Max("updated_at"))["latest"]
        return item.latest_product_change


class ProductSitemap(RequestSitemap):
    def items(self):
        return Product.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"pages": PageSitemap, "categories": CategorySitemap, "products": ProductSitemap}


def sitemaps_for(request) -> dict[str, Sitemap]:
    return {name: section(request) for name, section in SITEMAPS.items()}
