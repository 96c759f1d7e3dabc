"""The demo shop's information pages (Help > Shipping, Returns; About us), its footer and
contact details, so the storefront's navigation and footer come from the editor like in a
real shop. Created only when the site has no content page yet (editors' work stays)."""

from wagtail.models import Site
from wagtail.rich_text import RichText

from pages.models import ContactSettings, ContentPage, NavigationSettings

SHIPPING_FAQ = {
    "heading": "Questions about delivery",
    "items": [
        {
            "question": "How long does delivery take?",
            "answer": RichText("<p>Two working days with the standard parcel.</p>"),
        },
        {
            "question": "Can I track my parcel?",
            "answer": RichText("<p>Yes: the shipping e-mail has the tracking link.</p>"),
        },
    ],
}


def _publish(parent, title: str, body, **fields) -> ContentPage:
    page = ContentPage(title=title, **fields)
    page.body = body
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_content_pages() -> list[str]:
    """Create the demo pages and site settings when there are no content pages; return what
    was created, in words."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or ContentPage.objects.exists():
        return []
    home = site.root_page
    help_page = _publish(
        home,
        "Help",
        [("text", RichText("<p>Everything about orders, delivery and returns.</p>"))],
        slug="help",
        show_in_menus=True,
        show_in_footer=True,
        search_description="Help with orders, delivery and returns.",
    )
    _publish(
        help_page,
        "Shipping",
        [
            ("text", RichText("<h2>Delivery</h2><p>Free from 50.00 EUR.</p>")),
            ("faq", SHIPPING_FAQ),
        ],
        slug="shipping",
        show_in_footer=True,
    )
    _publish(
        help_page,
        "Returns",
        [("text", RichText("<p>Send anything back within 30 days, unworn.</p>"))],
        slug="returns",
        show_in_footer=True,
    )
    _publish(
        home,
        "About us",
        [("text", RichText("<p>A demo shop built with Django and Wagtail.</p>"))],
        slug="about",
        show_in_footer=True,
    )
    contact = ContactSettings.for_site(site)
    contact.email = "hello@example.com"
    contact.phone = "+49 30 123456"
    contact.address = "Demo Street 1\n10115 Berlin"
    contact.opening_hours = "Mon-Fri 9:00-18:00"
    contact.social_links = [("link", {"network": "instagram", "url": "https://instagram.com/"})]
    contact.save()
    navigation = NavigationSettings.for_site(site)
    navigation.footer_columns = [
        (
            "column",
            {
                "heading": "Customer service",
                "links": [
                    {"label": "Help", "page": help_page, "category": None, "url": ""},
                    {"label": "Your account", "page": None, "category": None, "url": "/account/"},
                ],
            },
        )
    ]
    navigation.save()
    return ["4 information pages", "the footer and contact details"]
