"""A welcome text on the homepage, so the demo shop does not open on an empty page."""

from django.conf import settings
from django.utils.html import escape

from home.models import HomePage


def welcome_text() -> str:
    return (
        f"<p>Welcome to {escape(settings.WAGTAIL_SITE_NAME)}, a demo shop of clothing, "
        "homeware and outdoor gear. Every product here is made up: browse the categories, "
        "open a product or two and make yourself at home.</p>"
    )


def ensure_welcome_intro() -> bool:
    """Publish the welcome text when the homepage intro is empty; return whether it did.

    It goes through a revision so the editor shows what the live page shows, and a page with
    unpublished changes is left alone (publishing would drop an editor's draft).
    """
    page = HomePage.objects.first()
    if page is None or page.intro.strip() or page.has_unpublished_changes:
        return False
    page.intro = welcome_text()
    page.save_revision(log_action=True).publish()
    return True
