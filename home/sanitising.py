"""The allow-list for markup that editors type by hand (HTML blocks): what survives `nh3`.

Rich text from the editor is already limited by its features; raw HTML is not, so it is cleaned
when it is saved and again when it is rendered (a value set from code, a fixture or an old
revision never reaches a page unfiltered)."""

import nh3
from django.utils.safestring import SafeString, mark_safe

# nh3's own list of harmless tags (no script, style, form, object...), plus embeds and media.
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"iframe", "picture", "source", "video", "audio"}

ALLOWED_ATTRIBUTES = {
    tag: set(attributes) for tag, attributes in nh3.ALLOWED_ATTRIBUTES.items()
} | {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang", "target"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "iframe": {
        "src",
        "width",
        "height",
        "title",
        "allow",
        "allowfullscreen",
        "loading",
        "referrerpolicy",
    },
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": {"src", "poster", "controls", "width", "height", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "loop", "muted"},
}

# No javascript:, data: or vbscript: URLs in any href or src.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitise_html(markup: str | None) -> SafeString:
    """Markup reduced to the allow-list: scripts, styles, event handlers (`onerror=`) and
    script URLs are removed; what remains is safe to output as is."""
    cleaned = nh3.clean(
        markup or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)
