from django.apps import AppConfig


class CouponsConfig(AppConfig):
    name = "commerce.coupons"
    label = "coupons"
    verbose_name = "Coupons"
