"""Homepage builders for the tests: raw StreamField data, as the editor stores it."""

from home.models import Banner


def hero(heading="Summer sale", *, image=None, banner=None, ctas=(), **fields) -> dict:
    return {
        "type": "hero",
        "value": {
            "banner": banner.pk if banner else None,
            "image": image.pk if image else None,
            "mobile_image": fields.pop("mobile_image", None),
            "alt_text": fields.pop("alt_text", ""),
            "heading": heading,
            "text": fields.pop("text", "Everything must go."),
            "ctas": list(ctas),
            "text_position": fields.pop("text_position", "left"),
            "colour_scheme": fields.pop("colour_scheme", "dark"),
        },
    }


def link(label, **target) -> dict:
    value = {"label": label, "page": None, "product": None, "category": None, "url": ""}
    value.update({key: getattr(item, "pk", item) for key, item in target.items()})
    return value


def product_section(title, source="newest", *, limit=8, products=(), category=None, **fields):
    return {
        "type": "products",
        "value": {
            "title": title,
            "source": source,
            "products": [product.pk for product in products],
            "category": category.pk if category else None,
            "include_descendants": fields.pop("include_descendants", True),
            "limit": limit,
            "layout": fields.pop("layout", "grid"),
            "link": [],
        },
    }


def banner_group(*tiles, title="") -> dict:
    return {"type": "banner_group", "value": {"title": title, "banners": list(tiles)}}


def tile(*, banner=None, image=None, link="", caption="", alt_text="") -> dict:
    return {
        "banner": banner.pk if banner else None,
        "image": image.pk if image else None,
        "alt_text": alt_text,
        "link": link,
        "caption": caption,
    }


def html(markup) -> dict:
    return {"type": "html", "value": markup}


def categories(*items, title="Shop by category") -> dict:
    return {
        "type": "categories",
        "value": {"title": title, "categories": [category.pk for category in items]},
    }


def slider(*slides, interval=5, title="Highlights") -> dict:
    return {
        "type": "slider",
        "value": {"title": title, "slides": list(slides), "interval": interval},
    }


def slide(heading="", *, banner=None, image=None, link="", text="", alt_text="") -> dict:
    return {
        "banner": banner.pk if banner else None,
        "image": image.pk if image else None,
        "alt_text": alt_text,
        "heading": heading,
        "text": text,
        "link": link,
    }


def publish_body(page, blocks):
    """Publish `blocks` as the page's body through a revision, as the editor does."""
    page.body = list(blocks)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_banner(image, *, name="Spring", heading="Spring is here", publish=True, **fields):
    banner = Banner.objects.create(name=name, image=image, heading=heading, live=False, **fields)
    if publish:
        banner.save_revision().publish()
        banner.refresh_from_db()
    return banner
