from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "commerce.lists"
    label = "lists"
    verbose_name = "Shopping lists"

    def ready(self):
        from commerce.lists.services import merge_guest_lists
        from commerce.shoppers.login import merge_on_login

        merge_on_login(merge_guest_lists)
