from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "commerce.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from commerce.webhooks import receivers

        receivers.connect()
