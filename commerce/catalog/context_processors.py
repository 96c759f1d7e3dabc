from django.conf import settings
from django.utils.functional import SimpleLazyObject

from commerce.catalog import navigation


def shop(request):
    """Shop-wide values for every template. The menu is lazy: templates that never show it
    (the admin's) never read it."""
    return {
        "shop_currency": settings.SHOP_CURRENCY,
        "shop_name": settings.WAGTAIL_SITE_NAME,
        "category_menu": SimpleLazyObject(lambda: navigation.category_menu()),
    }
