import pytest

from commerce.api.models import IdempotentResponse
from commerce.stock.models import StockRecord
from commerce.stock.signals import availability_changed
from tests.fixtures.catalog import make_product, make_warehouse, set_stock, stock_by_warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def shoes(category, warehouse):
    """SHOE-1 with 10 units in main; SHOE-2 with none anywhere; a north warehouse."""
    first = make_product(category, sku="SHOE-1")
    set_stock(first, warehouse, 10)
    second = make_product(category, sku="SHOE-2")
    make_warehouse("north", priority=1)
    return first, second


def test_absolute_guarded_and_delta_updates_apply_together(
    api, shoes, django_capture_on_commit_callbacks
):
    first, second = shoes
    received = []
    availability_changed.connect(lambda **kw: received.append(kw["product_ids"]), weak=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = api(
            "post",
            "/stock",
            {
                "updates": [
                    {"sku": "SHOE-1", "warehouse": "main", "quantity": 4, "expected": 10},
                    {"sku": "SHOE-1", "warehouse": "north", "delta": 3},
                    {"sku": "SHOE-2", "warehouse": "main", "quantity": 8},
                    {"sku": "SHOE-1", "warehouse": "main", "delta": -1},
                ]
            },
        )

    assert response.status_code == 200
    assert response.json() == {
        "updated": [
            {"sku": "SHOE-1", "warehouse": "main", "quantity": 4},
            {"sku": "SHOE-1", "warehouse": "north", "quantity": 3},
            {"sku": "SHOE-2", "warehouse": "main", "quantity": 8},
            {"sku": "SHOE-1", "warehouse": "main", "quantity": 3},
        ]
    }
    assert stock_by_warehouse(first) == {"main": 3, "north": 3}
    assert stock_by_warehouse(second) == {"main": 8}
    assert received[-1] == sorted([first.pk, second.pk])


def test_a_conflict_answers_409_with_the_current_value_and_applies_nothing(api, shoes):
    first, second = shoes

    response = api(
        "post",
        "/stock",
        {
            "updates": [
                {"sku": "SHOE-2", "warehouse": "main", "quantity": 5},
                {"sku": "SHOE-1", "warehouse": "main", "quantity": 4, "expected": 9},
            ]
        },
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "Stock changed meanwhile: nothing was applied.",
        "path": "/api/v1/stock",
        "errors": [
            {
                "code": "conflict",
                "message": "The warehouse no longer holds the expected quantity.",
                "path": "$.updates[1]",
                "current": 10,
            }
        ],
    }
    assert stock_by_warehouse(first) == {"main": 10}
    assert stock_by_warehouse(second) == {}


def test_unknown_skus_and_warehouses_are_reported_by_path_and_nothing_is_written(api, shoes):
    response = api(
        "post",
        "/stock",
        {
            "updates": [
                {"sku": "SHOE-1", "warehouse": "main", "quantity": 1},
                {"sku": "NOPE", "warehouse": "south", "quantity": 1},
            ]
        },
    )

    assert response.status_code == 422
    assert [(e["code"], e["path"]) for e in response.json()["errors"]] == [
        ("unknown_sku", "$.updates[1].sku"),
        ("unknown_warehouse", "$.updates[1].warehouse"),
    ]
    assert stock_by_warehouse(shoes[0]) == {"main": 10}


def test_a_delta_below_zero_is_refused_whole(api, shoes):
    response = api(
        "post",
        "/stock",
        {
            "updates": [
                {"sku": "SHOE-2", "warehouse": "main", "quantity": 5},
                {"sku": "SHOE-1", "warehouse": "main", "delta": -11},
            ]
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "code": "negative",
            "message": "The delta would take stock below zero.",
            "path": "$.updates[1]",
            "current": 10,
        }
    ]
    assert StockRecord.objects.filter(product=shoes[1]).count() == 0
    assert stock_by_warehouse(shoes[0]) == {"main": 10}


@pytest.mark.parametrize(
    "body, path",
    [
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": -1}]},
            "$.updates[0].quantity",
        ),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": "5"}]},
            "$.updates[0].quantity",
        ),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 2**80}]},
            "$.updates[0].quantity",
        ),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "delta": 10**30}]},
            "$.updates[0].delta",
        ),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 1.5}]},
            "$.updates[0].quantity",
        ),
        (
            {"updates": [{"sku": "SHOE\x00", "warehouse": "main", "quantity": 1}]},
            "$.updates[0].sku",
        ),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "m\x00", "quantity": 1}]},
            "$.updates[0].warehouse",
        ),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 1, "colour": "red"}]},
            "$.updates[0].colour",
        ),
        ({"updates": [{"sku": "SHOE-1", "warehouse": "main"}]}, "$.updates[0]"),
        (
            {"updates": [{"sku": "SHOE-1", "warehouse": "main", "delta": 1, "expected": 3}]},
            "$.updates[0]",
        ),
        ({"updates": []}, "$.updates"),
        ({"rows": []}, "$.updates"),
    ],
)
def test_wrong_types_and_unknown_fields_answer_422_with_the_path(api, shoes, body, path):
    response = api("post", "/stock", body)

    assert response.status_code == 422
    assert path in [error["path"] for error in response.json()["errors"]]
    assert stock_by_warehouse(shoes[0]) == {"main": 10}


@pytest.mark.parametrize("raw", ["{", "[1, 2]", "null", '"text"', "\x00", '{"updates": 5}'])
def test_malformed_bodies_answer_4xx_as_json(api, shoes, raw):
    response = api("post", "/stock", raw=raw)

    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"code", "message", "path"}
    assert stock_by_warehouse(shoes[0]) == {"main": 10}


def test_a_retry_with_the_same_idempotency_key_is_not_applied_twice(api, shoes):
    body = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "delta": -2}]}

    first = api("post", "/stock", body, idempotency_key="sync-42")
    again = api("post", "/stock", body, idempotency_key="sync-42")

    assert first.status_code == again.status_code == 200
    assert (
        again.json()
        == first.json()
        == {"updated": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 8}]}
    )
    assert stock_by_warehouse(shoes[0]) == {"main": 8}
    assert IdempotentResponse.objects.count() == 1


def test_an_idempotency_key_reused_with_another_valid_body_answers_422_and_applies_nothing(
    api, shoes
):
    body = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "delta": -2}]}
    assert api("post", "/stock", body, idempotency_key="sync-42").status_code == 200
    other = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 1}]}

    response = api("post", "/stock", other, idempotency_key="sync-42")

    assert response.status_code == 422
    assert response.json() == {
        "code": "idempotency_key_reused",
        "message": "This Idempotency-Key was used for a different request.",
        "path": "/api/v1/stock",
    }
    assert stock_by_warehouse(shoes[0]) == {"main": 8}
    # The key still answers its own request with the first answer.
    assert api("post", "/stock", body, idempotency_key="sync-42").json() == {
        "updated": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 8}]
    }
    assert IdempotentResponse.objects.count() == 1


@pytest.mark.parametrize("key", ["", "k" * 101, "sync\x0042", "tab\tkey", "new\nline"])
def test_a_malformed_idempotency_key_answers_400_and_applies_nothing(api, shoes, key):
    body = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "delta": -2}]}

    response = api("post", "/stock", body, idempotency_key=key)

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_idempotency_key",
        "message": "Idempotency-Key: 1-100 printable chars.",
        "path": "/api/v1/stock",
    }
    assert stock_by_warehouse(shoes[0]) == {"main": 10}
    assert IdempotentResponse.objects.count() == 0


def test_an_idempotency_key_of_100_printable_characters_is_accepted(api, shoes):
    body = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "delta": -2}]}

    response = api("post", "/stock", body, idempotency_key="k" * 100)

    assert response.status_code == 200
    assert stock_by_warehouse(shoes[0]) == {"main": 8}
    assert IdempotentResponse.objects.get().key == "k" * 100


def test_stock_needs_the_stock_scope(api, make_token, shoes):
    body = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 1}]}

    response = api("post", "/stock", body, token=make_token("catalog:read"))

    assert response.status_code == 403
    assert stock_by_warehouse(shoes[0]) == {"main": 10}


def test_a_sync_that_changes_nothing_signals_nothing(
    api, shoes, django_capture_on_commit_callbacks
):
    received = []
    availability_changed.connect(lambda **kw: received.append(kw["product_ids"]), weak=False)
    body = {"updates": [{"sku": "SHOE-1", "warehouse": "main", "quantity": 10}]}

    with django_capture_on_commit_callbacks(execute=True):
        assert api("post", "/stock", body).status_code == 200

    assert received == []
