"""The staff screens for delivery and payment methods."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.checkout.models import DeliveryMethod, PaymentMethod
from tests.fixtures.orders import make_delivery_method, make_payment_method

pytestmark = pytest.mark.django_db


def admin_url(model, action: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [method.name for method in response.context["object_list"]]


def test_delivery_methods_list_by_position(admin_client):
    make_delivery_method("Courier", price="9.90", position=2)
    make_delivery_method("Pick-up", price="0.00", position=0, is_active=False)
    make_delivery_method("Parcel", price="4.90", free_above="100.00", position=1)

    response = admin_client.get(admin_url(DeliveryMethod, "list"))

    assert listed(response) == ["Pick-up", "Parcel", "Courier"]
    assert "100.00" in response.text and "9.90" in response.text
    inactive = admin_client.get(admin_url(DeliveryMethod, "list"), {"is_active": "false"})
    assert listed(inactive) == ["Pick-up"]


def test_creating_a_delivery_method(admin_client):
    response = admin_client.post(
        admin_url(DeliveryMethod, "add"),
        {"name": "Courier", "price": "9.90", "free_above": "", "is_active": "on", "position": "3"},
    )

    assert response.status_code == 302
    method = DeliveryMethod.objects.get()
    assert (method.name, method.price, method.free_above, method.is_active, method.position) == (
        "Courier",
        Decimal("9.90"),
        None,
        True,
        3,
    )


def test_a_negative_delivery_price_is_a_form_error(admin_client):
    response = admin_client.post(
        admin_url(DeliveryMethod, "add"),
        {"name": "Courier", "price": "-1", "free_above": "", "position": "0"},
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.text
    assert DeliveryMethod.objects.count() == 0


def test_payment_methods_list_by_position_with_their_provider(admin_client):
    make_payment_method("Test gateway", provider="test_gateway", position=5)
    make_payment_method("Cash", provider="cash_on_delivery", position=1)

    response = admin_client.get(admin_url(PaymentMethod, "list"))

    assert listed(response) == ["Cash", "Test gateway"]
    assert "Cash on delivery" in response.text and "Test payment gateway" in response.text
    filtered = admin_client.get(admin_url(PaymentMethod, "list"), {"provider": "test_gateway"})
    assert listed(filtered) == ["Test gateway"]


def test_creating_a_payment_method(admin_client):
    response = admin_client.post(
        admin_url(PaymentMethod, "add"),
        {
            "name": "Bank transfer",
            "provider": "bank_transfer",
            "instructions": "IBAN AT00 0000",
            "is_active": "on",
            "position": "2",
        },
    )

    assert response.status_code == 302
    method = PaymentMethod.objects.get()
    assert (method.name, method.provider, method.instructions, method.position) == (
        "Bank transfer",
        "bank_transfer",
        "IBAN AT00 0000",
        2,
    )
