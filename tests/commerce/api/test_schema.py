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
