from django.utils.functional import SimpleLazyObject

from pages import navigation


def site_chrome(request):
    """Header links, footer columns, contact details and social links (pages.navigation).
    Lazy, so templates that never show them (the admin's) never read them."""
    return {"site_chrome": SimpleLazyObject(lambda: navigation.site_chrome(request))}
