from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from pages import navigation

        navigation.connect_signals()
