from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "commerce.lists"
    label = "lists"
    verbose_name = "Shopping lists"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from commerce.lists.receivers import merge_lists_on_login

        user_logged_in.connect(merge_lists_on_login, dispatch_uid="lists.merge_lists_on_login")
