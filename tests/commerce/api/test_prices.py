"""POST /prices: price and compare-at price by SKU, now or scheduled through Wagtail's
scheduled publishing (a revision with go_live_at, published by `publish_scheduled`)."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.catalog.models import Product, ProductVariant
from tests.fixtures.catalog import make_attribute, make_product, make_variants

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(make_token):
    return make_token("catalog:write", name="ERP prices")


@pytest.fixture
def runner(category):
    return make_product(category, name="Trail Runner", sku="TR-1", price="89.90")


@pytest.fixture
def tee(category):
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    make_variants(product, [make_attribute("Size", ["S", "M"])], ["S", "M"])
    return product


def _prices():
    return (
        sorted(Product.objects.values_list("sku", "price", "compare_at_price")),
        sorted(ProductVariant.objects.values_list("sku", "price", "compare_at_price")),
    )


def test_product_and_variant_prices_are_set_now(api, writer, runner, tee):
    tee_updated_at = Product.objects.get(sku="TEE").updated_at

    response = api(
        "post",
        "/prices",
        {
            "prices": [
                {"sku": "TR-1", "price": "79.90", "compare_at_price": "89.90"},
                {"sku": "TEE-M", "price": 22.5},
            ]
        },
        token=writer,
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "updated": [
            {
                "sku": "TR-1",
                "kind": "product",
                "price": "79.90",
                "compare_at_price": "89.90",
                "go_live_at": None,
                "published": True,
            },
            {
                "sku": "TEE-M",
                "kind": "variant",
                "price": "22.50",
                "compare_at_price": None,
                "go_live_at": None,
                "published": True,
            },
        ]
    }
    runner.refresh_from_db()
    assert (runner.price, runner.compare_at_price) == (Decimal("79.90"), Decimal("89.90"))
    assert not runner.has_unpublished_changes
    assert runner.live_revision.as_object().price == Decimal("79.90")  # through a revision
    assert ProductVariant.objects.get(sku="TEE-M").price == Decimal("22.50")
    assert Product.objects.get(sku="TEE").updated_at > tee_updated_at  # seen by updated_since


def test_a_scheduled_price_goes_live_when_publish_scheduled_runs(api, writer, runner):
    at = timezone.now() + timedelta(hours=2)

    response = api(
        "post",
        "/prices",
        {"prices": [{"sku": "TR-1", "price": "69.00"}], "go_live_at": at.isoformat()},
        token=writer,
    )

    assert response.status_code == 200, response.content
    [item] = response.json()["updated"]
    assert (item["price"], item["published"]) == ("69.00", False)
    runner.refresh_from_db()
    assert runner.price == Decimal("89.90")  # not yet
    assert runner.latest_revision.approved_go_live_at == at  # as the admin schedules

    call_command("publish_scheduled")
    runner.refresh_from_db()
    assert runner.price == Decimal("89.90")  # still not yet

    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(minutes=1)):
        call_command("publish_scheduled")
    runner.refresh_from_db()
    assert runner.price == Decimal("69.00")
    assert runner.live and not runner.has_unpublished_changes


def _variant_prices(api, reader) -> dict[str, tuple]:
    """The variants' prices as the catalog API answers them (the prices shoppers pay)."""
    return {
        variant["sku"]: (variant["price"], variant["compare_at_price"])
        for product in api("get", "/products", token=reader).json()["items"]
        for variant in product["variants"]
    }


def _publish_scheduled(at=None):
    if at is None:
        call_command("publish_scheduled")
        return
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled")


def test_a_scheduled_variant_price_goes_live_with_its_products_revision(
    api, writer, make_token, tee
):
    reader = make_token("catalog:read")
    at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    revisions = tee.revisions.count()

    response = api(
        "post",
        "/prices",
        {
            "prices": [{"sku": "TEE-M", "price": "25.00", "compare_at_price": "30.00"}],
            "go_live_at": at.isoformat(),
        },
        token=writer,
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "updated": [
            {
                "sku": "TEE-M",
                "kind": "variant",
                "price": "25.00",
                "compare_at_price": "30.00",
                "go_live_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "published": False,
            }
        ]
    }
    before = {"TEE-S": ("20.00", None), "TEE-M": ("20.00", None)}
    assert _variant_prices(api, reader) == before  # not yet
    tee.refresh_from_db()
    assert tee.live and tee.live_revision_id  # stays published meanwhile
    assert tee.revisions.count() == revisions + 1
    assert tee.latest_revision.approved_go_live_at == at  # the admin's "Schedule to publish"
    assert tee.has_unpublished_changes

    _publish_scheduled()
    assert _variant_prices(api, reader) == before  # still not yet

    _publish_scheduled(at + timedelta(minutes=1))
    assert _variant_prices(api, reader) == {"TEE-S": ("20.00", None), "TEE-M": ("25.00", "30.00")}
    tee.refresh_from_db()
    assert tee.live and not tee.has_unpublished_changes
    assert tee.price == Decimal("20.00")
    assert tee.live_revision.approved_go_live_at is None


def test_a_product_and_its_variants_scheduled_together_share_one_revision(
    api, writer, make_token, tee
):
    reader = make_token("catalog:read")
    at = timezone.now() + timedelta(hours=2)
    revisions = tee.revisions.count()

    response = api(
        "post",
        "/prices",
        {
            "prices": [
                {"sku": "TEE-S", "price": "15.00"},
                {"sku": "TEE", "price": "18.00"},
                {"sku": "TEE-M", "price": "16.00"},
            ],
            "go_live_at": at.isoformat(),
        },
        token=writer,
    )

    assert response.status_code == 200, response.content
    assert [(i["sku"], i["kind"], i["published"]) for i in response.json()["updated"]] == [
        ("TEE-S", "variant", False),
        ("TEE", "product", False),
        ("TEE-M", "variant", False),
    ]
    assert tee.revisions.count() == revisions + 1
    _publish_scheduled(at + timedelta(minutes=1))
    assert _variant_prices(api, reader) == {"TEE-S": ("15.00", None), "TEE-M": ("16.00", None)}
    assert Product.objects.get(sku="TEE").price == Decimal("18.00")


def test_publishing_another_version_first_cancels_the_scheduled_variant_price(
    api, writer, make_token, tee
):
    """As with any scheduled change in Wagtail: publishing now clears the schedule."""
    reader = make_token("catalog:read")
    at = timezone.now() + timedelta(hours=2)
    scheduled = {"prices": [{"sku": "TEE-M", "price": "25.00"}], "go_live_at": at.isoformat()}
    assert api("post", "/prices", scheduled, token=writer).status_code == 200

    now = api("post", "/prices", {"prices": [{"sku": "TEE", "price": "21.00"}]}, token=writer)
    assert now.status_code == 200

    _publish_scheduled(at + timedelta(minutes=1))
    assert _variant_prices(api, reader) == {"TEE-S": ("21.00", None), "TEE-M": ("21.00", None)}


def test_a_variant_deleted_before_its_scheduled_price_goes_live_is_skipped(
    api, writer, make_token, tee
):
    reader = make_token("catalog:read")
    at = timezone.now() + timedelta(hours=2)
    body = {
        "prices": [{"sku": "TEE-S", "price": "11.00"}, {"sku": "TEE-M", "price": "12.00"}],
        "go_live_at": at.isoformat(),
    }
    assert api("post", "/prices", body, token=writer).status_code == 200
    ProductVariant.objects.filter(sku="TEE-S").delete()

    _publish_scheduled(at + timedelta(minutes=1))

    assert _variant_prices(api, reader) == {"TEE-M": ("12.00", None)}


@pytest.mark.parametrize(
    "state",
    [{"live": False}, {"live_revision": None}],  # unpublished; live without a live revision
)
def test_a_variant_of_a_product_not_live_cannot_be_scheduled(api, writer, tee, state):
    """Scheduling would publish the first, and take the second offline until then."""
    Product.objects.filter(pk=tee.pk).update(**state)
    before = _prices()

    response = api(
        "post",
        "/prices",
        {"prices": [{"sku": "TEE-S", "price": "5"}], "go_live_at": "2099-01-01T00:00:00Z"},
        token=writer,
    )

    assert response.status_code == 422
    assert [(e["path"], e["code"]) for e in response.json()["errors"]] == [
        ("$.prices[0].sku", "not_live")
    ]
    assert _prices() == before


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        ({"prices": [{"sku": "TR-1", "price": "79.999"}]}, "$.prices[0].price", "invalid"),
        ({"prices": [{"sku": "TR-1", "price": "-5"}]}, "$.prices[0].price", "invalid"),
        ({"prices": [{"sku": "NOPE", "price": "5"}]}, "$.prices[0].sku", "unknown_sku"),
        (
            {"prices": [{"sku": "TR-1", "price": "50", "compare_at_price": "40"}]},
            "$.prices[0]",
            "invalid",
        ),
        ({"prices": [{"sku": "TEE-S", "price": "5", "compare_at_price": "5"}]}, "$.prices[0]",
         "invalid"),
        (
            {"prices": [{"sku": "TEE-S", "price": "5", "compare_at_price": "4"}],
             "go_live_at": "2099-01-01T00:00:00Z"},
            "$.prices[0]",
            "invalid",
        ),
        (
            {"prices": [{"sku": "TR-1", "price": "5"}], "go_live_at": "2001-01-01T00:00:00Z"},
            "$.go_live_at",
            "in_the_past",
        ),
        (
            {"prices": [{"sku": "TR-1", "price": "5"}, {"sku": "TR-1", "price": "6"}]},
            "$.prices[1].sku",
            "duplicate",
        ),
    ],
)  # fmt: skip
def test_a_bad_price_answers_422_and_changes_nothing(api, writer, runner, tee, body, path, code):
    body = {**body, "prices": [*body["prices"], {"sku": "TEE", "price": "19.00"}]}  # valid
    before = _prices()

    response = api("post", "/prices", body, token=writer)

    assert response.status_code == 422, response.content
    assert [(e["path"], e["code"]) for e in response.json()["errors"]] == [(path, code)]
    assert _prices() == before


@pytest.mark.parametrize(
    "raw",
    [
        '{"prices": [{"sku": "TR-1", "price": true}]}',
        '{"prices": [{"sku": "TR-1", "price": "1", "colour": "red"}]}',
        '{"prices": [{"sku": "TR-1"}]}',
        '{"prices": []}',
        '{"prices": [{"sku": "TR-1", "price": "1"}], "go_live_at": 1700000000}',
        '{"prices": [',
    ],
)
def test_bad_json_and_wrong_shapes_answer_4xx_and_change_nothing(api, writer, runner, raw):
    before = _prices()

    response = api("post", "/prices", raw=raw, token=writer)

    assert response.status_code in (400, 422)
    assert _prices() == before


def test_a_retry_with_the_same_key_does_not_publish_twice(api, writer, runner):
    body = {"prices": [{"sku": "TR-1", "price": "79.00"}]}

    first = api("post", "/prices", body, token=writer, idempotency_key="p-1")
    again = api("post", "/prices", body, token=writer, idempotency_key="p-1")

    assert first.json() == again.json()
    assert runner.revisions.count() == 2  # the fixture's first, then one for the price


def _queries_for_variant_prices(api, writer, skus) -> int:
    api("get", "/attributes", token=writer)  # the token's last use is recorded once a minute
    with CaptureQueriesContext(connection) as queries:
        response = api(
            "post", "/prices", {"prices": [{"sku": s, "price": "3.00"} for s in skus]}, token=writer
        )
    assert response.status_code == 200, response.content
    assert {item["price"] for item in response.json()["updated"]} == {"3.00"}
    return len(queries)


def test_setting_100_variant_prices_costs_the_same_queries_as_10(api, writer, category):
    sizes = make_attribute("Size", [f"S{i}" for i in range(50)])
    for n in range(2):
        make_variants(
            make_product(category, name=f"P{n}", sku=f"P{n}"), [sizes], [f"S{i}" for i in range(50)]
        )
    ten = _queries_for_variant_prices(api, writer, [f"P0-S{i}" for i in range(10)])
    hundred = _queries_for_variant_prices(
        api, writer, [f"P{n}-S{i}" for n in range(2) for i in range(50)]
    )

    # the token, the SKU lookups, the lock, the rows read, one UPDATE of the variants and one
    # of their products' updated_at, and their savepoints
    assert ten == hundred == 11
    assert set(ProductVariant.objects.values_list("price", flat=True)) == {Decimal("3.00")}


def test_a_refused_variant_price_is_named_among_many(api, writer, tee):
    before = _prices()

    response = api(
        "post",
        "/prices",
        {
            "prices": [
                {"sku": "TEE-S", "price": "5.00"},
                {"sku": "TEE-M", "price": "5.00", "compare_at_price": "4.00"},
            ]
        },
        token=writer,
    )

    assert response.status_code == 422
    assert [(e["path"], e["message"]) for e in response.json()["errors"]] == [
        ("$.prices[1]", "The compare-at price must be higher than the price.")
    ]
    assert _prices() == before
