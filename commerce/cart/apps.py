from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "commerce.cart"
    label = "cart"
    verbose_name = "Cart"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from commerce.cart.receivers import merge_cart_on_login

        user_logged_in.connect(merge_cart_on_login, dispatch_uid="cart.merge_cart_on_login")
