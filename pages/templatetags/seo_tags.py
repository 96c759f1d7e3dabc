"""The head of a Wagtail page: canonical URL, robots, Open Graph, and on the site's root page
the Organization and WebSite JSON-LD."""

from django import template
from django.conf import settings
from wagtail.models import Site

from commerce.catalog.structured_data import json_ld_script
from pages import navigation, structured_data

register = template.Library()

SOCIAL_RENDITION = "fill-1200x630"


def _is_site_root(request, page) -> bool:
    site = Site.find_for_request(request)  # cached on the request when Wagtail served it
    return site is not None and site.root_page_id == page.pk


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


@register.inclusion_tag("pages/includes/page_meta.html", takes_context=True)
def page_meta(context):
    request = context.get("request")
    page = context["page"]
    # On the host the request came in on, like the product page's canonical URL.
    path = page.get_url(request)
    canonical = _absolute(request, path) if path else ""
    social_image = getattr(page, "social_image", None)
    chrome = context.get("site_chrome") or navigation.site_chrome(request)
    json_ld = []
    if request is not None and _is_site_root(request, page):
        name = settings.WAGTAIL_SITE_NAME
        json_ld = [
            json_ld_script(
                structured_data.organization_data(name=name, home_url=canonical, chrome=chrome)
            ),
            json_ld_script(
                structured_data.website_data(
                    name=name, home_url=canonical, absolute=request.build_absolute_uri
                )
            ),
        ]
    image = social_image and social_image.get_rendition(SOCIAL_RENDITION)
    return {
        "page": page,
        "canonical": canonical,
        "noindex": getattr(page, "noindex", False) or getattr(request, "is_preview", False),
        "title": page.seo_title or page.title,
        "description": page.search_description,
        "og_image": image and _absolute(request, image.url),
        "og_image_size": image and (image.width, image.height),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "json_ld": json_ld,
    }
