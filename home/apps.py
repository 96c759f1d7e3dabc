from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"

    def ready(self):
        from home import section_cache
        from home.models.banners import seconds_until_a_banner_expires
        from storefront import page_cache

        section_cache.connect_signals()
        page_cache.add_deadline(seconds_until_a_banner_expires)
