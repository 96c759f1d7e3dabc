from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "commerce.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from commerce.catalog import navigation, tasks

        navigation.connect_signals()
        tasks.connect_signals()
