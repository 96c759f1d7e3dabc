from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "commerce.cart"
    label = "cart"
    verbose_name = "Cart"

    def ready(self):
        from commerce.cart.services import merge_guest_cart
        from commerce.shoppers.login import merge_on_login

        merge_on_login(merge_guest_cart)
