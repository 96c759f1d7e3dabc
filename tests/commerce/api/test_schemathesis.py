"""Schemathesis against the live schema (`/api/v1/openapi.json`, fetched with a token):
every operation with generated valid and invalid input, once with a token holding the scope
it needs and once with a token holding every other scope. No 5xx, every answer's status,
content type and body are in the schema, and input the schema forbids answers 4xx."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from commerce.api.api import api
from commerce.api.models import Scope
from commerce.api.tokens import create_api_token
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", 15))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def needed_scope(method: str, path: str) -> str:
    if path.startswith("/api/v1/webhooks"):
        return Scope.WEBHOOKS
    if path.startswith("/api/v1/stock"):
        return Scope.STOCK_WRITE
    if path.startswith("/api/v1/orders"):
        return Scope.ORDERS_READ if method == "GET" else Scope.ORDERS_WRITE
    if path in ("/api/v1/catalog", "/api/v1/prices"):
        return Scope.CATALOG_WRITE
    if method == "GET" and path in (
        "/api/v1/products",
        "/api/v1/categories",
        "/api/v1/attributes",
        "/api/v1/warehouses",
    ):
        return Scope.CATALOG_READ
    raise AssertionError(f"Which scope does {method} {path} need? Add it here.")


@pytest.fixture
def live_schema(db, settings):
    settings.API_RATE_LIMIT = 0
    warehouse = make_warehouse("main")
    product = make_product(make_category("Shoes"), name="Boot", sku="BOOT-1")
    set_stock(product, warehouse, 5)
    reader = create_api_token(name="schema", scopes=[Scope.CATALOG_READ])
    response = Client().get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {reader}")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = get_wsgi_application()
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db):
    return {scope: create_api_token(name=f"only {scope}", scopes=[scope]) for scope in Scope}


def every_query_key_is_sent(case) -> bool:
    """A query parameter whose value is an empty list is not sent at all: a case that is
    negative only through such a key is a valid request, which the API rightly accepts."""
    return all(value != [] for value in (case.query or {}).values())


def text_parameters(operation) -> set[str]:
    """The query parameters whose schema takes a string."""
    names = set()
    for parameter in operation.query:
        schema = parameter.definition["schema"]
        if any(option.get("type") == "string" for option in schema.get("anyOf", [schema])):
            names.add(parameter.name)
    return names


def text_parameters_get_text(case, names: set[str]) -> bool:
    """A string query parameter "given" a number, a boolean or a list is sent as text
    (`sku=true`), which it accepts: a case negative through that is valid on the wire."""
    return all(
        value is None or isinstance(value, str)
        for name, value in (case.query or {}).items()
        if name in names
    )


OPERATIONS = [
    (method.upper(), path)
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method in methods
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_api_keeps_to_its_schema(live_schema, tokens, method, path, mode):
    operation = live_schema[path][method]
    scope = needed_scope(method, path)
    own = {"Authorization": f"Bearer {tokens[scope]}"}
    others = create_api_token(name="others", scopes=[s for s in Scope if s != scope])
    texts = text_parameters(operation)

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(generation_mode=mode))
    def check(case):
        if mode == GenerationMode.NEGATIVE:
            assume(every_query_key_is_sent(case))
            assume(text_parameters_get_text(case, texts))
        case.call_and_validate(headers=own, checks=CHECKS)
        if mode == GenerationMode.POSITIVE:
            response = case.call(headers={"Authorization": f"Bearer {others}"})
            assert response.status_code == 403, response.text

    check()
