from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """The project itself (folder site/): connects the page cache's invalidation and makes
    Wagtail's pictures list each width once (storefront/pictures.py)."""

    name = "storefront"
    label = "storefront"
    verbose_name = "Storefront"

    def ready(self):
        from storefront import page_cache_signals, pictures

        page_cache_signals.connect()
        pictures.install()
