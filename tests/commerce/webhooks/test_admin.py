"""Webhook subscriptions in the admin: created with a secret shown once, http(s) only."""

import pytest
from django.urls import reverse

from commerce.webhooks.models import WebhookHost, WebhookSubscription

pytestmark = pytest.mark.django_db


def form(url="https://erp.example.com/hooks", **extra):
    return {"name": "ERP", "url": url, "events": ["order.created", "stock.low"], **extra}


def test_staff_create_a_subscription_and_are_shown_its_secret(admin_client):
    response = admin_client.post(reverse("webhooks:add"), form(is_active="on"), follow=True)

    subscription = WebhookSubscription.objects.get()
    assert (subscription.url, subscription.events) == (
        "https://erp.example.com/hooks",
        ["order.created", "stock.low"],
    )
    assert subscription.is_active
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    assert list(WebhookHost.objects.values_list("host", flat=True)) == ["erp.example.com"]


def test_staff_changing_a_url_allow_its_host(admin_client):
    admin_client.post(reverse("webhooks:add"), form(is_active="on"))
    subscription = WebhookSubscription.objects.get()

    admin_client.post(
        reverse("webhooks:edit", args=[subscription.pk]),
        form("https://wms.example.org/in", is_active="on"),
    )

    assert set(WebhookHost.objects.values_list("host", flat=True)) == {
        "erp.example.com",
        "wms.example.org",
    }


def test_staff_add_and_remove_allowed_hosts(admin_client):
    response = admin_client.post(
        reverse("webhook_hosts:add"), {"host": "ERP.Example.com", "note": "our ERP"}
    )
    assert response.status_code == 302
    host = WebhookHost.objects.get()
    assert host.host == "erp.example.com"

    response = admin_client.post(reverse("webhook_hosts:add"), {"host": "https://x.example/"})
    assert response.status_code == 200
    assert "host" in response.context["form"].errors

    admin_client.post(reverse("webhook_hosts:delete", args=[host.pk]))
    assert WebhookHost.objects.count() == 0


@pytest.mark.parametrize("url", ["ftp://erp.example.com/hooks", "file:///etc/passwd"])
def test_other_schemes_are_refused(admin_client, url):
    response = admin_client.post(reverse("webhooks:add"), form(url))

    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert WebhookSubscription.objects.count() == 0


def test_rotating_the_secret_replaces_it(admin_client):
    admin_client.post(reverse("webhooks:add"), form(is_active="on"))
    subscription = WebhookSubscription.objects.get()
    old = subscription.secret

    admin_client.post(
        reverse("webhooks:edit", args=[subscription.pk]), form(is_active="on", rotate_secret="on")
    )

    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret.startswith("whsec_")


def test_the_delivery_list_shows_status_and_response(
    admin_client, receiver, subscribe, django_capture_on_commit_callbacks
):
    from commerce.webhooks.services import emit

    subscribe(receiver.url, "stock.low")
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):
        emit("stock.low", [{"product": {}}])

    page = admin_client.get(reverse("webhook_deliveries:index")).content.decode()

    assert "stock.low" in page
    assert "Failed" in page
    assert "503" in page
