from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py seed_demo` and the demo shop it loads; on top of every other app."""

    name = "commerce.demo"
    label = "demo"
    verbose_name = "Demo shop"
