"""The per-token rate limit: 429 with Retry-After, per token, counted in the limits cache."""

import pytest
from django.core.cache import caches

from tests.fixtures.catalog import stock_by_warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW_SECONDS = 60


def test_the_request_over_the_limit_answers_429_with_retry_after(api):
    assert [api("get", "/warehouses").status_code for _ in range(3)] == [200, 200, 200]

    response = api("get", "/warehouses")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["code"] == "rate_limited"
    assert body["message"] == f"More than 3 requests in 60 s: wait {response['Retry-After']} s."


def test_each_token_has_its_own_count(api, make_token):
    other = make_token("catalog:read", name="Other")
    for _ in range(3):
        api("get", "/warehouses")

    assert api("get", "/warehouses").status_code == 429
    assert api("get", "/warehouses", token=other).status_code == 200


def test_a_write_over_the_limit_changes_nothing(api, product):
    body = {"updates": [{"sku": product.sku, "warehouse": "main", "delta": 1}]}
    assert [api("post", "/stock", body).status_code for _ in range(3)] == [200, 200, 200]

    assert api("post", "/stock", body).status_code == 429
    assert stock_by_warehouse(product) == {"main": 15}


def test_the_count_lives_in_the_limits_cache_not_the_default_one(api):
    for _ in range(3):
        api("get", "/warehouses")
    caches["default"].clear()  # Redis lost its keys (or restarted)

    assert api("get", "/warehouses").status_code == 429
    caches["limits"].clear()
    assert api("get", "/warehouses").status_code == 200


def test_no_limit_when_set_to_zero(api, settings):
    settings.API_RATE_LIMIT = 0
    assert {api("get", "/warehouses").status_code for _ in range(5)} == {200}


def test_requests_without_a_valid_token_are_not_counted_against_it(api, token):
    for _ in range(5):
        assert api("get", "/warehouses", token="nope" + token[4:]).status_code == 401
    assert api("get", "/warehouses").status_code == 200
