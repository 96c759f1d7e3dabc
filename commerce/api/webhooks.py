"""Webhook subscriptions through the API (scope `webhooks`): list, create (the only answer
that shows the signing secret), read, change, delete. A URL must be on a host staff allowed
in the admin (Settings › Webhook hosts): a token cannot point the shop at any other host."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from commerce.api import schemas
from commerce.api.auth import TokenAuth
from commerce.api.errors import ApiError
from commerce.api.query import only_query
from commerce.api.schemas import Error
from commerce.webhooks.exceptions import HostNotAllowed
from commerce.webhooks.models import WebhookSubscription
from commerce.webhooks.services import change_subscription as change
from commerce.webhooks.services import create_subscription

router = Router(auth=TokenAuth("webhooks"), tags=["webhooks"])
ERRORS = {401: Error, 403: Error, 422: Error, 429: Error}
WITH_BODY = {400: Error, **ERRORS}  # 400: a body that is not JSON


@router.get("/webhooks", response={200: list[schemas.Subscription], **ERRORS})
@only_query()
def list_subscriptions(request):
    return list(WebhookSubscription.objects.order_by("pk"))


@router.post("/webhooks", response={201: schemas.SubscriptionCreated, **WITH_BODY})
@only_query()
def subscribe(request, payload: schemas.SubscriptionIn):
    """Keep `secret` from the answer: it signs every delivery and is not shown again."""
    try:
        subscription = create_subscription(
            name=payload.name,
            url=payload.url,
            events=payload.events,
            is_active=payload.is_active,
            entered_by_staff=False,
        )
    except HostNotAllowed as error:
        raise _refused(error) from None
    return Status(201, subscription)


def _refused(error: HostNotAllowed) -> ApiError:
    return ApiError(
        422,
        error.code,
        str(error),
        errors=[{"code": error.code, "message": str(error), "path": "$.url"}],
    )


@router.get(
    "/webhooks/{subscription_id}", response={200: schemas.Subscription, 404: Error, **ERRORS}
)
@only_query()
def get_subscription(request, subscription_id: schemas.Id):
    return get_object_or_404(WebhookSubscription, pk=subscription_id)


@router.patch(
    "/webhooks/{subscription_id}",
    response={200: schemas.Subscription, 404: Error, **WITH_BODY},
)
@only_query()
def change_subscription(request, subscription_id: schemas.Id, payload: schemas.SubscriptionPatch):
    subscription = get_object_or_404(WebhookSubscription, pk=subscription_id)
    try:
        return change(
            subscription, changes=payload.model_dump(exclude_unset=True), entered_by_staff=False
        )
    except HostNotAllowed as error:
        raise _refused(error) from None


@router.delete("/webhooks/{subscription_id}", response={204: None, 404: Error, **ERRORS})
@only_query()
def delete_subscription(request, subscription_id: schemas.Id):
    get_object_or_404(WebhookSubscription, pk=subscription_id).delete()
    return Status(204, None)
