from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from pages import preview_links
from pages.sitemaps import sitemaps_for

# Never crawled: private or per-shopper screens. /preview/ is left crawlable on purpose, so
# robots can read its X-Robots-Tag: noindex.
DISALLOWED = ("/admin/", "/cart/", "/checkout/", "/account/")


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, sitemaps_for(request), sitemap_url_name="sitemap_section")


@require_safe
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, sitemaps_for(request), section=section)


@require_safe
def preview(request, token: str):
    """The draft behind a shareable preview link; 404 for an unknown, expired or revoked
    token."""
    return preview_links.render_preview(request, preview_links.usable_link(token))
