from django.conf import settings


def shop(request):
    return {"shop_currency": settings.SHOP_CURRENCY, "shop_name": settings.WAGTAIL_SITE_NAME}
