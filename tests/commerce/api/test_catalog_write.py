"""POST /catalog: products and variants upserted by SKU through the catalog import."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.api.models import IdempotentResponse
from commerce.catalog.models import Product, ProductVariant
from tests.fixtures.catalog import make_attribute, make_product, stock_by_warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(make_token):
    return make_token("catalog:write", name="ERP nightly")


@pytest.fixture
def sizes(db):
    return make_attribute("Size", ["S", "M", "L"])


def _snapshot():
    """Everything a failed upsert must leave as it was."""
    return (
        sorted(Product.objects.values_list("sku", "name", "price", "compare_at_price")),
        sorted(ProductVariant.objects.values_list("sku", "price")),
        sorted(Product.objects.values_list("sku", "stock_records__quantity")),
    )


def test_new_and_known_products_and_variants_are_written_in_one_go(
    api, writer, category, warehouse, sizes
):
    make_product(category, name="Trail Runner", sku="TR-1", price="89.90")

    response = api(
        "post",
        "/catalog",
        {
            "products": [
                {"sku": "TR-1", "price": "79.90", "compare_at_price": "89.90"},
                {
                    "sku": "TEE",
                    "name": "Linen tee",
                    "category": "shoes",
                    "price": 20,
                    "variants": [
                        {"sku": "TEE-S", "options": {"size": "s"}, "stock": {"main": 4}},
                        {"sku": "TEE-L", "options": {"size": "l"}, "price": "24.50"},
                    ],
                },
            ]
        },
        token=writer,
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 1,
        "updated": 1,
        "variants": 2,
        "stock_records": 1,
        "warnings": [],
    }
    runner = Product.objects.get(sku="TR-1")
    assert (runner.price, runner.compare_at_price) == (Decimal("79.90"), Decimal("89.90"))
    assert runner.live and not runner.has_unpublished_changes  # published through a revision
    tee = Product.objects.get(sku="TEE")
    assert (tee.name, tee.price, tee.live) == ("Linen tee", Decimal("20.00"), True)
    assert dict(tee.variants.values_list("sku", "price")) == {
        "TEE-S": None,
        "TEE-L": Decimal("24.50"),
    }
    assert stock_by_warehouse(tee) == {"main": 4}


NEW = {"sku": "NEW", "name": "N"}
BAD_ITEMS = [
    ("price", {"sku": "TR-1", "price": "79.999"}, "$.products[1].price", "invalid"),
    ("negative price", {"sku": "TR-1", "price": "-1"}, "$.products[1].price", "invalid"),
    ("negative stock", {"sku": "TR-1", "stock": {"main": -3}}, "$.products[1].stock.main",
     "invalid"),
    ("unknown category", {**NEW, "price": 1, "category": "hats"}, "$.products[1].category",
     "invalid"),
    ("new without price", {**NEW, "category": "shoes"}, "$.products[1].price", "required"),
    (
        "variant price",
        {"sku": "TR-1", "variants": [{"sku": "A", "options": {"size": "s"}, "price": "1.001"}]},
        "$.products[1].variants[0].price",
        "invalid",
    ),
    (
        "variant option",
        {"sku": "TR-1", "variants": [{"sku": "A", "options": {"size": "xxl"}}]},
        "$.products[1].variants[0].options.size",
        "invalid",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("item", "path", "code"), [b[1:] for b in BAD_ITEMS], ids=[b[0] for b in BAD_ITEMS]
)
def test_one_bad_item_answers_422_with_its_json_path_and_nothing_is_written(
    api, writer, category, warehouse, sizes, item, path, code
):
    make_product(category, name="Trail Runner", sku="TR-1", price="89.90")
    make_product(category, name="Road Runner", sku="TR-2", price="99.90")
    before = _snapshot()

    response = api(
        "post",
        "/catalog",
        {"products": [{"sku": "TR-2", "name": "Renamed", "price": "10.00"}, item]},
        token=writer,
    )

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert [(error["path"], error["code"]) for error in body["errors"]] == [(path, code)]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ('{"products": [{"sku": "TR-1", "price": "1.00"}', "$"),
        ('{"products": [{"sku": "TR-1", "colour": "red"}]}', "$.products[0].colour"),
        ('{"products": [{"sku": "TR-1", "images": ["/etc/passwd"]}]}', "$.products[0].images"),
        ('{"products": [{"sku": "TR-1", "price": true}]}', "$.products[0].price"),
        ('{"products": [{"sku": "TR-1", "stock": {"main": "3"}}]}', "$.products[0].stock.main"),
        ('{"products": [{"sku": 12}]}', "$.products[0].sku"),
        ('{"products": []}', "$.products"),
    ],
)
def test_bad_json_unknown_fields_and_wrong_types_answer_4xx_and_change_nothing(
    api, writer, category, warehouse, raw, path
):
    make_product(category, name="Trail Runner", sku="TR-1", price="89.90")
    before = _snapshot()

    response = api("post", "/catalog", raw=raw, token=writer)

    assert response.status_code in (400, 422), response.content
    if response.status_code == 422:
        assert path in [error["path"] for error in response.json()["errors"]]
    assert _snapshot() == before


def test_a_retry_with_the_same_idempotency_key_is_not_applied_twice(
    api, writer, category, warehouse
):
    body = {"products": [{"sku": "NEW", "name": "New", "category": "shoes", "price": "5"}]}

    first = api("post", "/catalog", body, token=writer, idempotency_key="night-42")
    Product.objects.filter(sku="NEW").update(name="Edited meanwhile")
    again = api("post", "/catalog", body, token=writer, idempotency_key="night-42")

    assert first.status_code == again.status_code == 200
    assert (
        again.json()
        == first.json()
        == {
            "created": 1,
            "updated": 0,
            "variants": 0,
            "stock_records": 0,
            "warnings": [],
        }
    )
    assert Product.objects.get(sku="NEW").name == "Edited meanwhile"
    assert IdempotentResponse.objects.count() == 1


def test_a_product_that_is_not_live_gets_a_draft_and_a_warning(api, writer, category):
    hidden = make_product(category, name="Old", sku="OLD", price="9.00", live=False)

    response = api(
        "post", "/catalog", {"products": [{"sku": "OLD", "price": "8.00"}]}, token=writer
    )

    assert response.status_code == 200
    assert response.json()["warnings"] == [
        "OLD: not live, so the import was saved as a draft and not published (it stays "
        "unpublished until staff publish it)"
    ]
    hidden.refresh_from_db()
    assert hidden.live is False


def test_catalog_read_tokens_cannot_write(api, make_token, category):
    reader = make_token("catalog:read")
    response = api("post", "/catalog", {"products": [{"sku": "X", "price": 1}]}, token=reader)
    assert response.status_code == 403
    assert not Product.objects.filter(sku="X").exists()


def _queries_for_new(api, writer, count: int) -> int:
    products = [
        {"sku": f"N-{count}-{i}", "name": f"New {count} {i}", "category": "shoes", "price": "5.00",
         "stock": {"main": i}}
        for i in range(count)
    ]  # fmt: skip
    api("get", "/attributes", token=writer)  # the token's last use is recorded once a minute
    with CaptureQueriesContext(connection) as queries:
        response = api("post", "/catalog", {"products": products}, token=writer)
    assert response.json()["created"] == count
    return len(queries)


def test_creating_50_products_costs_the_same_queries_as_5(api, writer, category, warehouse):
    _queries_for_new(api, writer, 1)  # content types are cached from then on

    assert _queries_for_new(api, writer, 5) == _queries_for_new(api, writer, 50) == 18


def test_attributes_list_their_options_in_order(api, sizes):
    make_attribute("Colour", ["Navy", "Red"], position=1)

    response = api("get", "/attributes")

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "size",
            "name": "Size",
            "is_filterable": True,
            "is_shown_on_cards": False,
            "position": 0,
            "options": [
                {"slug": "s", "value": "S"},
                {"slug": "m", "value": "M"},
                {"slug": "l", "value": "L"},
            ],
        },
        {
            "slug": "colour",
            "name": "Colour",
            "is_filterable": True,
            "is_shown_on_cards": False,
            "position": 1,
            "options": [{"slug": "navy", "value": "Navy"}, {"slug": "red", "value": "Red"}],
        },
    ]


def test_a_body_over_the_upload_limit_answers_json_413_and_writes_nothing(
    api, writer, category, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    products = [
        {"sku": f"BULK-{n}", "name": f"Bulk {n}", "category": "shoes", "price": "5.00"}
        for n in range(200)
    ]

    response = api("post", "/catalog", {"products": products}, token=writer)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large"
    assert not Product.objects.filter(sku__startswith="BULK-").exists()
