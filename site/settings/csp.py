"""The Content-Security-Policy (django-csp) the storefront sends, built from the environment.

Scripts, styles, fonts and connections: our own origin only, never 'unsafe-inline'. An inline
script needs `nonce="{{ request.csp_nonce }}"` (the header then carries that response's nonce);
the storefront has none today, and a page that asks for a nonce is never stored by the page
cache (its copy would carry a stale nonce). JSON-LD blocks are data, never executed, so they
need no nonce. Images and media: our origin plus wherever media files are served from (the CDN
domain, the S3 endpoint or bucket). Forms post to our origin only (the test payment gateway's
pages are ours too). Framing by our own origin only (Wagtail's live preview).

Extra hosts come from the environment (comma-separated origins such as https://img.example):
CSP_IMG_HOSTS (images and media), CSP_FRAME_HOSTS (embedded videos in HTML blocks),
CSP_FORM_ACTION_HOSTS (an off-site payment page a form posts or redirects to).
"""

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def media_sources(
    *,
    media_url: str = "",
    bucket: str = "",
    endpoint_url: str = "",
    region: str = "",
    cdn_domain: str = "",
) -> list[str]:
    """The origins media files are served from, as `storefront.settings.storage` configures
    the storage: the CDN domain when set, else the S3 endpoint, else AWS's bucket hosts (global
    and regional). An absolute MEDIA_URL counts too. Local disk: our origin only."""
    sources = []
    if origin := _origin(media_url):
        sources.append(origin)
    if bucket:
        if cdn_domain:
            sources.append(f"https://{cdn_domain}")
        elif endpoint_url:
            sources.append(_origin(endpoint_url) or endpoint_url)
        else:
            sources.append(f"https://{bucket}.s3.amazonaws.com")
            if region:
                sources.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return sources


def storefront_directives(
    *, media_hosts=(), img_hosts=(), frame_hosts=(), form_action_hosts=(), report_uri=""
) -> dict:
    images = [SELF, *media_hosts, *img_hosts]
    directives = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": images,
        "media-src": images,
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *frame_hosts],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *form_action_hosts],
        "frame-ancestors": [SELF],
    }
    if report_uri:
        directives["report-uri"] = report_uri
    return directives


def admin_directives(storefront: dict) -> dict:
    """The storefront's policy loosened for what Wagtail's admin needs."""
    return {
        **storefront,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Wagtail shows staff avatars from Gravatar (WAGTAIL_GRAVATAR_PROVIDER_URL).
        "img-src": [*storefront["img-src"], "data:", "blob:", "www.gravatar.com"],
        # The dashboard asks for the latest release (WAGTAIL_ENABLE_UPDATE_CHECK).
        "connect-src": [*storefront["connect-src"], "https://releases.wagtail.org"],
    }
