from django.apps import AppConfig


class StockConfig(AppConfig):
    name = "commerce.stock"
    label = "stock"
    verbose_name = "Stock"
