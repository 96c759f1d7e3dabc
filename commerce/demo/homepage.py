"""The demo homepage: a welcome text and a body that uses every section block, built from the
demo catalog's own pictures (nothing is drawn or imported here), plus two campaign banners, one
live and one scheduled."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from commerce.catalog.models import Category, Product, ProductImage
from home.models import Banner, HomePage
from home.starter import is_starter_body

LIVE_BANNER = "Demo: spring collection"
SCHEDULED_BANNER = "Demo: winter preview"


def welcome_text() -> str:
    return (
        f"<p>Welcome to {escape(settings.WAGTAIL_SITE_NAME)}, a demo shop of clothing, "
        "homeware and outdoor gear. Every product here is made up: browse the categories, "
        "open a product or two and make yourself at home.</p>"
    )


def ensure_welcome_intro() -> bool:
    """Publish the welcome text and the demo sections when the homepage has no intro and only
    the starter body (or none); return whether it did.

    It goes through a revision so the editor shows what the live page shows, and a page with
    unpublished changes is left alone (publishing would drop an editor's draft).
    """
    page = HomePage.objects.first()
    if page is None or page.intro.strip() or page.has_unpublished_changes:
        return False
    if not is_starter_body(page.body.raw_data):  # an editor's sections stay
        return False
    page.intro = welcome_text()
    page.body = demo_body()
    page.save_revision(log_action=True).publish()
    return True


def demo_body() -> list[dict]:
    """Raw StreamField data with every block type, as the editor would store it."""
    tops = list(Category.objects.listed().roots().order_by("position", "name"))
    pictures = {c.slug: c.image_id for c in tops if c.image_id}
    first_picture = next(iter(pictures.values()), None) or _any_product_picture()
    live, scheduled = _demo_banners(first_picture, pictures)
    picked = list(
        Product.objects.visible()
        .filter(status="active")
        .order_by("sku")
        .values_list("pk", flat=True)[:4]
    )
    outdoor = next((c for c in tops if c.slug == "outdoor"), tops[-1] if tops else None)
    body = [
        {
            "type": "hero",
            "value": {
                "banner": live.pk if live else None,
                "image": pictures.get("clothing", first_picture),
                "mobile_image": None,
                "alt_text": "",
                "heading": "Made to be worn often",
                "text": "Clothes, homeware and outdoor gear that last for years.",
                "ctas": [
                    _link("Shop clothing", category=tops[0].pk if tops else None, url="/products/"),
                    _link("Browse everything", url="/products/"),
                ],
                "text_position": "left",
                "colour_scheme": "dark",
            },
        },
        {
            "type": "categories",
            "value": {"title": "Shop by category", "categories": [c.pk for c in tops]},
        },
        _products("New in", "newest", limit=8, link=_link("See everything", url="/products/")),
        {
            "type": "banner_group",
            "value": {
                "title": "This season",
                "banners": [
                    *([_tile(banner=live, caption="The spring collection")] if live else []),
                    *[
                        _tile(
                            image=pictures[c.slug],
                            link=c.get_absolute_url(),
                            caption=c.name,
                            alt=f"{c.name} at {settings.WAGTAIL_SITE_NAME}",
                        )
                        for c in tops
                        if c.slug in pictures
                    ][:3],
                ],
            },
        },
        _products("On sale", "on_sale", limit=10, layout="carousel"),
        {
            "type": "slider",
            "value": {
                "title": "Highlights",
                "interval": 6,
                "slides": [
                    _slide(banner=scheduled),  # hidden until it goes live
                    *[
                        _slide(
                            image=pictures.get(c.slug),
                            heading=c.name,
                            text=c.description,
                            link=c.get_absolute_url(),
                        )
                        for c in tops
                    ],
                ],
            },
        },
        _products(
            f"Out and about: {outdoor.name}" if outdoor else "Outdoor",
            "category",
            limit=4,
            category=outdoor.pk if outdoor else None,
        ),
        _products("Staff picks", "products", limit=4, products=picked),
        _products("Best sellers", "best_sellers", limit=8),
        {
            "type": "html",
            "value": (
                '<aside class="campaign-note"><h2>Free delivery on orders over 50 EUR</h2>'
                "<p>Returns within 30 days, no questions asked.</p></aside>"
            ),
        },
    ]
    if not tops:
        body = [block for block in body if block["type"] not in ("categories", "banner_group")]
    return body


def _demo_banners(image_id, pictures) -> tuple[Banner | None, Banner | None]:
    """A live banner and one scheduled to go live in 30 days (by `publish_scheduled`)."""
    if image_id is None:
        return None, None
    live = Banner.objects.filter(name=LIVE_BANNER).first()
    if live is None:
        live = Banner.objects.create(
            name=LIVE_BANNER,
            image_id=pictures.get("clothing", image_id),
            heading="The spring collection is here",
            text="Light layers in linen and cotton, new every week.",
            link_url="/search/?q=linen",
            link_label="Shop linen",
            caption="Spring collection",
            live=False,
        )
        live.save_revision(log_action=True).publish()
        live.refresh_from_db()
    scheduled = Banner.objects.filter(name=SCHEDULED_BANNER).first()
    if scheduled is None:
        scheduled = Banner.objects.create(
            name=SCHEDULED_BANNER,
            image_id=pictures.get("outdoor", image_id),
            heading="Winter preview",
            text="Warm layers for cold days.",
            link_url="/search/?q=wool",
            live=False,
        )
        scheduled.go_live_at = timezone.now() + timedelta(days=30)
        scheduled.save_revision(log_action=True).publish()
        scheduled.refresh_from_db()
    return live, scheduled


def _any_product_picture() -> int | None:
    return ProductImage.objects.order_by("pk").values_list("image_id", flat=True).first()


def _link(label, *, category=None, url="") -> dict:
    target = {"category": category, "url": ""} if category else {"category": None, "url": url}
    return {"label": label, "page": None, "product": None, **target}


def _products(title, source, *, limit, layout="grid", category=None, products=(), link=None):
    return {
        "type": "products",
        "value": {
            "title": title,
            "source": source,
            "products": list(products),
            "category": category,
            "include_descendants": True,
            "limit": limit,
            "layout": layout,
            "link": [link] if link else [],
        },
    }


def _tile(*, banner=None, image=None, link="", caption="", alt="") -> dict:
    return {
        "banner": banner.pk if banner else None,
        "image": image,
        "alt_text": alt,
        "link": link,
        "caption": caption,
    }


def _slide(*, banner=None, image=None, heading="", text="", link="") -> dict:
    return {
        "banner": banner.pk if banner else None,
        "image": image,
        "alt_text": "",
        "heading": heading,
        "text": text,
        "link": link,
    }
