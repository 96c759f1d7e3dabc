from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """The project itself (folder site/): connects the page cache's invalidation."""

    name = "storefront"
    label = "storefront"
    verbose_name = "Storefront"

    def ready(self):
        from storefront import page_cache_signals

        page_cache_signals.connect()
