"""Webhooks in the admin (Settings menu): subscriptions staff add, edit and pause, the hosts
webhooks may be sent to (a URL staff enter adds its host), and the deliveries, read-only,
each with its attempts and a "Resend" button."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from commerce.webhooks.models import (
    WEB_URL,
    Event,
    WebhookDelivery,
    WebhookHost,
    WebhookSubscription,
)
from commerce.webhooks.services import (
    allow_host,
    create_subscription,
    resend_delivery,
    rotate_secret,
)

MANAGE_PERMISSION = "webhooks.change_webhooksubscription"


class SubscriptionForm(WagtailAdminModelForm):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https", validators=[WEB_URL])
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)
    rotate_secret = forms.BooleanField(
        required=False,
        help_text="A new signing secret at once: receivers must be given it.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["rotate_secret"]
        else:
            self.fields["url"].help_text = f"Signing secret: {self.instance.secret}"


class CreateSubscriptionView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return create_subscription(
            name=data["name"],
            url=data["url"],
            events=data["events"],
            is_active=data["is_active"],
            entered_by_staff=True,
        )

    def get_success_message(self, instance):
        return f"Webhook “{instance.name}” created. Its signing secret: {instance.secret}"


class EditSubscriptionView(EditView):
    def save_instance(self):
        subscription = self.form.save()
        allow_host(subscription.url)  # staff entered it
        if self.form.cleaned_data.get("rotate_secret"):
            rotate_secret(subscription)
            messages.warning(self.request, f"New signing secret: {subscription.secret}")
        return subscription


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    add_view_class = CreateSubscriptionView
    edit_view_class = EditSubscriptionView
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    list_display = ["name", "url", "events", "is_active", "created_at"]
    search_fields = ["name", "url"]
    search_backend_name = None
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return SubscriptionForm


class WebhookHostViewSet(ModelViewSet):
    """The hosts webhooks may go to. Removing one stops deliveries to it (they fail and are
    retried as usual, so adding it back within a day lets them through)."""

    model = WebhookHost
    icon = "globe"
    menu_label = "Webhook hosts"
    add_to_settings_menu = True
    list_display = ["host", "note", "created_at"]
    form_fields = ["host", "note"]
    search_fields = ["host", "note"]
    search_backend_name = None
    inspect_view_enabled = False


class DeliveryInspectView(InspectView):
    template_name = "webhooks/delivery_inspect.html"
    resend_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(
            WebhookDelivery.objects.select_related("subscription").prefetch_related("attempt_log"),
            pk=self.pk,
        )

    def get_fields(self):
        return ["event", "subscription", "status", "attempts", "created_at", "next_attempt_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempt_log"] = list(self.object.attempt_log.all())
        if self.request.user.has_perm(MANAGE_PERMISSION):
            context["resend_url"] = reverse(self.resend_url_name, args=[self.object.pk])
        return context


class ResendView(View):
    """POST only (CSRF-protected), for staff who may manage webhooks."""

    http_method_names = ["post"]
    inspect_url_name = None

    def post(self, request, pk):
        if not request.user.has_perm(MANAGE_PERMISSION):
            raise PermissionDenied
        delivery = resend_delivery(delivery=get_object_or_404(WebhookDelivery, pk=pk))
        messages.success(request, f"{delivery.event} queued to be sent again.")
        return redirect(self.inspect_url_name, delivery.pk)


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    icon = "history"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_response_code",
        "created_at",
    ]
    list_filter = ["status", "event"]
    search_fields = ["event"]
    search_backend_name = None
    form_fields = ["event"]

    def get_queryset(self, request):
        return WebhookDelivery.objects.select_related("subscription")

    @cached_property
    def resend_view(self):
        return ResendView.as_view(inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("resend/<int:pk>/", self.resend_view, name="resend"),
        ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            resend_url_name=self.get_url_name("resend"), **kwargs
        )
