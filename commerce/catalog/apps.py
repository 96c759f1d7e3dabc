from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "commerce.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from commerce.catalog import listing, navigation, tasks

        listing.connect_signals()
        navigation.connect_signals()
        tasks.connect_signals()
