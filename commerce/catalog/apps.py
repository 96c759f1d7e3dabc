from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "commerce.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from commerce.catalog import generation, listing, navigation, tasks

        generation.connect_signals()
        listing.connect_signals()
        navigation.connect_signals()
        tasks.connect_signals()
