from wagtail import hooks
from wagtail.permissions import register_permission_policy

from commerce.admin_permissions import ReadOnlyPermissionPolicy
from commerce.webhooks.models import WebhookDelivery
from commerce.webhooks.viewsets import (
    WebhookDeliveryViewSet,
    WebhookHostViewSet,
    WebhookSubscriptionViewSet,
)

# Deliveries are written by the webhooks only; staff read them and press "Resend".
register_permission_policy(WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_webhooks():
    return [
        WebhookSubscriptionViewSet("webhooks"),
        WebhookHostViewSet("webhook_hosts"),
        WebhookDeliveryViewSet("webhook_deliveries"),
    ]
