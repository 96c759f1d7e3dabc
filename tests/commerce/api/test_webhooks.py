"""Webhook subscriptions through the API: scope `webhooks`, http(s) URLs on hosts staff
allowed only, the secret shown once."""

import pytest

from commerce.webhooks.models import WebhookHost, WebhookSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def erp_host(db):
    return WebhookHost.objects.create(host="erp.example.com")


NEW = {"name": "ERP", "url": "https://erp.example.com/hooks", "events": ["order.paid"]}


@pytest.fixture
def hooks_token(make_token):
    return make_token("webhooks")


def test_a_subscription_is_created_with_a_secret_shown_once(api, hooks_token):
    response = api("post", "/webhooks", NEW, token=hooks_token)

    assert response.status_code == 201
    body = response.json()
    subscription = WebhookSubscription.objects.get()
    assert body["secret"] == subscription.secret
    assert body["secret"].startswith("whsec_")
    assert (body["url"], body["events"], body["is_active"]) == (NEW["url"], ["order.paid"], True)
    listed = api("get", "/webhooks", token=hooks_token).json()
    assert [item["id"] for item in listed] == [subscription.pk]
    assert "secret" not in listed[0]
    assert "secret" not in api("get", f"/webhooks/{subscription.pk}", token=hooks_token).json()


@pytest.mark.parametrize(
    "url",
    ["ftp://erp.example.com/hooks", "file:///etc/passwd", "javascript:alert(1)", "erp/hooks", ""],
)
def test_only_http_and_https_urls_are_accepted(api, hooks_token, url):
    response = api("post", "/webhooks", {**NEW, "url": url}, token=hooks_token)

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "$.url"
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [{"events": ["order.shipped"]}, {"events": []}, {"colour": "red"}, {"is_active": "yes"}],
)
def test_unknown_events_fields_and_wrong_types_are_refused(api, hooks_token, change):
    response = api("post", "/webhooks", {**NEW, **change}, token=hooks_token)

    assert response.status_code == 422
    assert WebhookSubscription.objects.count() == 0


def test_a_subscription_is_paused_changed_and_deleted(api, hooks_token):
    created = api("post", "/webhooks", NEW, token=hooks_token).json()
    path = f"/webhooks/{created['id']}"

    response = api(
        "patch",
        path,
        {"is_active": False, "events": ["stock.low", "order.paid"]},
        token=hooks_token,
    )

    assert response.status_code == 200
    assert (response.json()["is_active"], response.json()["events"]) == (
        False,
        ["order.paid", "stock.low"],
    )
    assert api("patch", path, {"url": None}, token=hooks_token).status_code == 422
    assert WebhookSubscription.objects.get().url == NEW["url"]
    assert api("delete", path, token=hooks_token).status_code == 204
    assert api("get", path, token=hooks_token).status_code == 404
    assert WebhookSubscription.objects.count() == 0


def test_webhooks_need_their_own_scope(api, make_token):
    other = make_token("orders:read", "orders:write", "catalog:read", "stock:write")

    assert api("get", "/webhooks", token=other).status_code == 403
    assert api("post", "/webhooks", NEW, token=other).status_code == 403
    assert api("get", "/webhooks", token=None).status_code == 401
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.net/hooks",
        "http://127.0.0.1:8000/admin/",
        "http://localhost/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hooks",
        "https://erp.example.com.evil.example.net/hooks",
        "https://erp.example.com@evil.example.net/hooks",
    ],
)
def test_a_token_cannot_subscribe_a_host_staff_did_not_allow(api, hooks_token, url):
    response = api("post", "/webhooks", {**NEW, "url": url}, token=hooks_token)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "host_not_allowed"
    assert "Webhook hosts" in body["message"]
    assert body["errors"][0]["path"] == "$.url"
    assert WebhookSubscription.objects.count() == 0
    assert list(WebhookHost.objects.values_list("host", flat=True)) == ["erp.example.com"]


def test_an_allowed_host_is_matched_whatever_its_case_and_port(api, hooks_token):
    response = api(
        "post", "/webhooks", {**NEW, "url": "https://ERP.example.com:8443/x"}, token=hooks_token
    )

    assert response.status_code == 201


def test_a_token_cannot_move_a_subscription_to_another_host(api, hooks_token):
    created = api("post", "/webhooks", NEW, token=hooks_token).json()

    response = api(
        "patch",
        f"/webhooks/{created['id']}",
        {"url": "http://127.0.0.1:6379/"},
        token=hooks_token,
    )

    assert response.status_code == 422
    assert response.json()["code"] == "host_not_allowed"
    assert WebhookSubscription.objects.get().url == NEW["url"]
