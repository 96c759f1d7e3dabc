from django.apps import AppConfig


class ShoppersConfig(AppConfig):
    name = "commerce.shoppers"
    label = "shoppers"
    verbose_name = "Shoppers"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from commerce.shoppers.login import hand_over_guest

        user_logged_in.connect(hand_over_guest, dispatch_uid="shoppers.hand_over_guest")
