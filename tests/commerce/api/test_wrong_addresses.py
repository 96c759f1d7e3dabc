"""A wrong method or an unknown address under /api/ answers the API's JSON errors, never
Django's HTML pages or a redirect."""

import pytest
from django.test import Client

from tests.fixtures.catalog import stock_by_warehouse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "/products", "GET"),
        ("delete", "/products", "GET"),
        ("put", "/stock", "POST"),
        ("get", "/stock", "POST"),
        ("patch", "/orders/SO-1", "GET"),
        ("get", "/orders/SO-1/ship", "POST"),
        ("post", "/webhooks/1", "DELETE, GET, PATCH"),
        ("put", "/webhooks", "GET, POST"),
        ("post", "/openapi.json", "GET"),
        ("delete", "/docs", "GET"),
    ],
)
def test_a_method_the_address_does_not_answer_is_a_json_405_with_allow(api, method, path, allow):
    response = api(method, path)

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == allow
    assert response.json() == {
        "code": "method_not_allowed",
        "message": f"{method.upper()} is not allowed here; this address answers {allow}.",
        "path": f"/api/v1{path}",
    }


def test_a_wrong_method_changes_nothing(api, product):
    body = {"updates": [{"sku": product.sku, "warehouse": "main", "quantity": 0}]}

    response = api("put", "/stock", body)

    assert response.status_code == 405
    assert stock_by_warehouse(product) == {"main": 12}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope",
        "/api/v1/nope/",
        "/api/v1/products/",
        "/api/v1/orders/SO-1/refund",
        "/api/v1/",
        "/api/v1",
        "/api/v2/products",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_address_is_a_json_404_without_a_redirect(token, method, path):
    response = getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "Location" not in response
    assert response.json() == {
        "code": "not_found",
        "message": "No resource has this address.",
        "path": path,
    }


def test_an_unknown_address_is_a_json_404_without_a_token_too():
    response = Client().get("/api/v1/nope")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
