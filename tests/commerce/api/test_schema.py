import json

import pytest
from django.test import Client

from tests.fixtures.catalog import stock_by_warehouse

pytestmark = pytest.mark.django_db


def test_the_schema_is_for_staff_or_token_holders(admin_client, token):
    assert Client().get("/api/v1/openapi.json").status_code == 401

    for response in (
        Client().get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}"),
        admin_client.get("/api/v1/openapi.json"),
    ):
        schema = response.json()
        assert response.status_code == 200
        assert schema["openapi"].startswith("3.")
        assert set(schema["paths"]) == {
            "/api/v1/products",
            "/api/v1/catalog",
            "/api/v1/prices",
            "/api/v1/attributes",
            "/api/v1/categories",
            "/api/v1/warehouses",
            "/api/v1/stock",
            "/api/v1/orders",
            "/api/v1/orders/{number}",
            "/api/v1/orders/{number}/mark-paid",
            "/api/v1/orders/{number}/ship",
            "/api/v1/orders/{number}/deliver",
            "/api/v1/orders/{number}/cancel",
            "/api/v1/webhooks",
            "/api/v1/webhooks/{subscription_id}",
        }
        assert set(schema["paths"]["/api/v1/stock"]["post"]["responses"]) == {
            "200",
            "400",
            "401",
            "403",
            "409",
            "422",
            "429",
        }


def test_the_docs_load_their_scripts_from_this_site_under_the_csp(admin_client):
    assert Client().get("/api/v1/docs").status_code == 401

    response = admin_client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_docs_open_with_a_bearer_token_and_no_staff_session(make_token):
    reader = make_token("orders:read")

    response = Client().get("/api/v1/docs", HTTP_AUTHORIZATION=f"Bearer {reader}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "/static/ninja/swagger-ui-bundle.js" in response.content.decode()
    assert "sessionid" not in response.cookies
    for refused in (f"Bearer {reader}x", f"Token {reader}", ""):
        assert Client().get("/api/v1/docs", HTTP_AUTHORIZATION=refused).status_code == 401


def test_posts_need_no_csrf_token_and_are_never_cached(product, token):
    client = Client(enforce_csrf_checks=True)
    body = {"updates": [{"sku": product.sku, "warehouse": "main", "quantity": 3}]}

    response = client.post(
        "/api/v1/stock",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 200
    assert stock_by_warehouse(product) == {"main": 3}
    assert "X-Page-Cache" not in response


def _declared(schema, name) -> set[str]:
    return set(schema["components"]["schemas"][name]["properties"])


def test_every_key_of_an_error_is_declared_in_the_error_schema(api, make_token, product, token):
    schema = Client().get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    error_keys, item_keys = _declared(schema, "Error"), _declared(schema, "ErrorItem")
    stock = {"updates": [{"sku": product.sku, "warehouse": "main", "quantity": 3}]}
    conflict = {
        "updates": [{"sku": product.sku, "warehouse": "main", "quantity": 3, "expected": 1}]
    }

    errors = {
        "invalid body": api("post", "/stock", {"updates": [{"sku": product.sku}]}),
        "unknown sku": api(
            "post", "/stock", {"updates": [{"sku": "NO", "warehouse": "main", "delta": 1}]}
        ),
        "conflict": api("post", "/stock", conflict),
        "no scope": api("post", "/stock", stock, token=make_token("catalog:read")),
        "no token": api("get", "/products", token=None),
        "bad key": api("post", "/stock", stock, idempotency_key=""),
        "unknown order": api("get", "/orders/NOPE"),
    }

    assert {name: response.status_code for name, response in errors.items()} == {
        "invalid body": 422,
        "unknown sku": 422,
        "conflict": 409,
        "no scope": 403,
        "no token": 401,
        "bad key": 400,
        "unknown order": 404,
    }
    for name, response in errors.items():
        body = response.json()
        assert set(body) <= error_keys, name
        for item in body.get("errors", []):
            assert set(item) <= item_keys, name
    body = errors["invalid body"].json()
    assert body["field"] == body["errors"][0]["path"] == "$.updates[0].warehouse"
    assert errors["no scope"].json()["scope"] == "stock:write"
