from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "commerce.backoffice"
    label = "backoffice"
    verbose_name = "Back office"
