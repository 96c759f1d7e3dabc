"""POST data for the Wagtail admin's homepage and banner forms, as the editor's browser sends
it (the StreamField widgets post nested, prefixed fields), and the clock for scheduled
publishing."""

from unittest import mock

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

# The admin's "Publish" button, posted with a page or snippet form.
PUBLISH = {"action-publish": "action-publish"}


def later(moment):
    """The clock at `moment` for everything that asks django.utils.timezone.now()."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def list_block(items) -> dict:
    data = {
        str(i): {"value": item, "deleted": "", "order": str(i), "id": ""}
        for i, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def link_form(label, *, url="", category="", product="", page="") -> dict:
    return {"label": label, "page": page, "product": product, "category": category, "url": url}


def hero_form(heading, *, image, banner="", ctas=(), text="") -> tuple[str, dict]:
    return (
        "hero",
        {
            "banner": getattr(banner, "pk", banner),
            "image": image.pk,
            "mobile_image": "",
            "alt_text": "",
            "heading": heading,
            "text": text,
            "ctas": list_block(list(ctas)),
            "text_position": "left",
            "colour_scheme": "dark",
        },
    )


def html_form(markup) -> tuple[str, str]:
    return ("html", markup)


def homepage_form(page, blocks, **actions) -> dict:
    """The homepage edit form with `blocks` as its body; `action-publish="action-publish"`
    publishes, without it the form saves a draft."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "body": streamfield(list(blocks)),
            **actions,
        }
    )


def banner_form(banner=None, *, image, heading, **fields) -> dict:
    return {
        "name": fields.pop("name", getattr(banner, "name", "Spring")),
        "image": image.pk,
        "mobile_image": "",
        "alt_text": "",
        "heading": heading,
        "text": "",
        "link_url": fields.pop("link_url", "/sale/"),
        "link_label": "Shop now",
        "caption": "",
        "go_live_at": fields.pop("go_live_at", ""),
        "expire_at": fields.pop("expire_at", ""),
        **fields,
    }
