"""Wagtail's frontend cache invalidation for a CDN or caching proxy in front of the shop,
chosen by `FRONTEND_CACHE_BACKEND`: Wagtail then purges a page's URLs from it when an editor
publishes, moves or unpublishes the page.

- `http`: a purging proxy such as Varnish (`FRONTEND_CACHE_LOCATION`, e.g. http://varnish:8000)
- `cloudflare`: `CLOUDFLARE_ZONE_ID` and `CLOUDFLARE_API_TOKEN`
- `cloudfront`: `CLOUDFRONT_DISTRIBUTION_ID` (credentials as for S3)
- unset: nothing is purged (no CDN caches HTML)
"""

from django.core.exceptions import ImproperlyConfigured

from storefront.settings.environment import env_required

BACKENDS = {
    "http": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_required("FRONTEND_CACHE_LOCATION"),
    },
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_required("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_required("CLOUDFLARE_ZONE_ID"),
    },
    "cloudfront": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_required("CLOUDFRONT_DISTRIBUTION_ID"),
    },
}


def frontend_cache(backend: str) -> dict:
    if not backend:
        return {}
    try:
        return {"default": BACKENDS[backend]()}
    except KeyError:
        choices = ", ".join(sorted(BACKENDS))
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={backend!r}: choose one of {choices}"
        ) from None
