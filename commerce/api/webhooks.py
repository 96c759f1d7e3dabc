"""Webhook subscriptions through the API (scope `webhooks`): list, create (the only answer
that shows the signing secret), read, change, delete."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from commerce.api import schemas
from commerce.api.auth import TokenAuth
from commerce.api.query import only_query
from commerce.api.schemas import Error
from commerce.webhooks.models import WebhookSubscription
from commerce.webhooks.services import create_subscription

router = Router(auth=TokenAuth("webhooks"), tags=["webhooks"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


@router.get("/webhooks", response={200: list[schemas.Subscription], **ERRORS})
@only_query()
def list_subscriptions(request):
    return list(WebhookSubscription.objects.order_by("pk"))


@router.post("/webhooks", response={201: schemas.SubscriptionCreated, **ERRORS})
@only_query()
def subscribe(request, payload: schemas.SubscriptionIn):
    """Keep `secret` from the answer: it signs every delivery and is not shown again."""
    subscription = create_subscription(
        name=payload.name, url=payload.url, events=payload.events, is_active=payload.is_active
    )
    return Status(201, subscription)


@router.get("/webhooks/{subscription_id}", response={200: schemas.Subscription, **ERRORS})
@only_query()
def get_subscription(request, subscription_id: schemas.Id):
    return get_object_or_404(WebhookSubscription, pk=subscription_id)


@router.patch("/webhooks/{subscription_id}", response={200: schemas.Subscription, **ERRORS})
@only_query()
def change_subscription(request, subscription_id: schemas.Id, payload: schemas.SubscriptionPatch):
    subscription = get_object_or_404(WebhookSubscription, pk=subscription_id)
    changes = payload.model_dump(exclude_unset=True)
    if "events" in changes:
        changes["events"] = sorted(set(changes["events"]))
    for field, value in changes.items():
        setattr(subscription, field, value)
    subscription.save()
    return subscription


@router.delete("/webhooks/{subscription_id}", response={204: None, **ERRORS})
@only_query()
def delete_subscription(request, subscription_id: schemas.Id):
    get_object_or_404(WebhookSubscription, pk=subscription_id).delete()
    return Status(204, None)
