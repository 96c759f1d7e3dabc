from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "commerce.lists"
    label = "lists"
    verbose_name = "Shopping lists"
