"""The staff coupon screens: list, filters, search, create and edit."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.coupons.models import Coupon
from tests.fixtures.orders import make_coupon, submit

pytestmark = pytest.mark.django_db


def coupon_admin_url(action: str, *args) -> str:
    return reverse(Coupon.snippet_viewset.get_url_name(action), args=args)


def coupon_form(**fields) -> dict:
    return {
        "code": "summer10",
        "kind": "percentage",
        "value": "10",
        "is_active": "on",
        "valid_from": "",
        "valid_until": "",
        "minimum_subtotal": "0",
        "usage_limit": "",
        "per_customer_limit": "",
        **fields,
    }


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [coupon.code for coupon in response.context["object_list"]]


def test_coupon_list_shows_kind_value_dates_and_uses(admin_client, product, methods):
    make_coupon("ONCE", kind="fixed", value="10.00", usage_limit=3)
    make_coupon("SHIPFREE", kind="free_delivery", value="0", is_active=False)
    submit([(product, 1)], coupon_code="once", expected_total="84.80", **methods)

    response = admin_client.get(coupon_admin_url("list"))

    assert listed(response) == ["ONCE", "SHIPFREE"]
    text = response.text
    for expected in ["Fixed amount off", "€10.00", "1 / 3", "Free delivery", "0 / no limit"]:
        assert expected in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "percentage"}, ["SAVE10"]),
        ({"kind": "free_delivery"}, ["SHIPFREE"]),
        ({"is_active": "false"}, ["SHIPFREE"]),
        ({"is_active": "true"}, ["ONCE", "SAVE10"]),
        ({"q": "save"}, ["SAVE10"]),
        ({"q": "E"}, ["ONCE", "SAVE10", "SHIPFREE"]),
    ],
)
def test_coupon_list_filters_and_search(admin_client, query, expected):
    make_coupon("SAVE10")
    make_coupon("ONCE", kind="fixed", value="5.00")
    make_coupon("SHIPFREE", kind="free_delivery", value="0", is_active=False)

    assert listed(admin_client.get(coupon_admin_url("list"), query)) == expected


def test_creating_a_coupon_stores_its_code_in_capitals(admin_client, category):
    response = admin_client.post(
        coupon_admin_url("add"),
        coupon_form(
            code="  summer10 ",
            valid_from="2030-06-01 00:00",
            valid_until="2030-09-01 00:00",
            usage_limit="100",
            categories=[str(category.pk)],
        ),
    )

    assert response.status_code == 302
    coupon = Coupon.objects.get()
    assert (coupon.code, coupon.kind, coupon.value, coupon.usage_limit, coupon.times_used) == (
        "SUMMER10",
        "percentage",
        Decimal("10.00"),
        100,
        0,
    )
    assert list(coupon.categories.all()) == [category]


def test_a_code_taken_in_another_case_is_a_form_error(admin_client):
    make_coupon("SUMMER10")

    response = admin_client.post(coupon_admin_url("add"), coupon_form(code="Summer10"))

    assert response.status_code == 200
    assert "A coupon with the code SUMMER10 already exists." in response.text
    assert list(Coupon.objects.values_list("code", flat=True)) == ["SUMMER10"]


def test_editing_a_coupon_keeps_its_own_code(admin_client):
    coupon = make_coupon("SUMMER10")

    response = admin_client.post(
        coupon_admin_url("edit", coupon.pk), coupon_form(code="summer10", value="15")
    )

    assert response.status_code == 302
    coupon.refresh_from_db()
    assert (coupon.code, coupon.value) == ("SUMMER10", Decimal("15.00"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "150"}, "A percentage cannot be more than 100."),
        (
            {"valid_from": "2030-06-01 00:00", "valid_until": "2030-05-01 00:00"},
            "The end must be after the start.",
        ),
        ({"code": "   "}, "This field is required."),
    ],
)
def test_invalid_coupons_are_form_errors_and_save_nothing(admin_client, fields, message):
    response = admin_client.post(coupon_admin_url("add"), coupon_form(**fields))

    assert response.status_code == 200
    assert message in response.text
    assert Coupon.objects.count() == 0
