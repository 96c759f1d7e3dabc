"""The checkout's pages, as a shopper walks them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from commerce.cart.models import CartLine
from commerce.checkout.models import Checkout, PaymentMethod, PaymentProvider
from commerce.orders.models import Order, PaymentState
from tests.fixtures.cart import client_cart, flashes, make_user, post_add
from tests.fixtures.catalog import stock_by_warehouse
from tests.fixtures.checkout import (
    ADDRESS_FORM,
    fill_checkout,
    place,
    placed_orders,
    reviewed_total,
    the_checkout,
)
from tests.fixtures.orders import make_coupon, make_delivery_method, make_payment_method

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopping(client, boots, socks):
    """A guest with 2 boots (10.00) and 1 pair of socks (4.50) in the cart."""
    post_add(client, boots, 2)
    post_add(client, socks, 1)
    return client


def test_a_guest_checks_out_step_by_step(
    shopping, methods, boots, django_capture_on_commit_callbacks
):
    fill_checkout(shopping, **methods)
    review = shopping.get(reverse("checkout:review"))
    assert review.context["quote"].total == Decimal("29.40")  # 24.50 + 4.90 delivery
    assert "<br>United States</address>" in review.content.decode()
    assert '<dd class="checkout-total">€29.40</dd>' in review.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = place(shopping)

    order = Order.objects.get()
    assert response.url == reverse("checkout:done", args=[order.access_token])
    assert (order.email, order.name, order.city, order.country) == (
        "grace@example.com",
        "Grace Hopper",
        "Arlington",
        "US",
    )
    assert (order.subtotal, order.delivery_cost, order.total) == (
        Decimal("24.50"),
        Decimal("4.90"),
        Decimal("29.40"),
    )
    assert [(line.product_name, line.quantity) for line in order.lines.all()] == [
        ("Boots", 2),
        ("Socks", 1),
    ]
    assert stock_by_warehouse(boots) == {"main": 3}
    assert not CartLine.objects.exists()
    assert mail.outbox[0].to == ["grace@example.com"]
    assert reverse("orders:guest_detail", args=[order.access_token]) in mail.outbox[0].body

    done = shopping.get(response.url)
    assert order.number in done.content.decode()
    assert shopping.get(reverse("cart:detail")).context["review"].is_empty


def test_the_steps_cannot_be_skipped(shopping, methods):
    assert shopping.get(reverse("checkout:review")).url == reverse("checkout:address")
    shopping.post(reverse("checkout:address"), ADDRESS_FORM)
    assert shopping.get(reverse("checkout:payment")).url == reverse("checkout:delivery")
    assert shopping.get(reverse("checkout:start")).url == reverse("checkout:delivery")


def test_an_empty_cart_has_no_checkout(client, methods):
    response = client.get(reverse("checkout:address"))
    assert response.url == reverse("cart:detail")
    assert place(client, "0.00").url == reverse("cart:detail")
    assert not Order.objects.exists()


def test_the_address_form_explains_what_is_missing(shopping):
    response = shopping.post(
        reverse("checkout:address"), {**ADDRESS_FORM, "email": "not-an-address", "city": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", "city"}
    assert "Enter a valid email address." in response.content.decode()


def test_the_country_choices_are_named_in_the_shop_locale(shopping, settings):
    settings.SHOP_COUNTRIES = ["CH", "DE"]

    html = shopping.get(reverse("checkout:address")).content.decode()

    assert '<option value="CH">Switzerland</option>' in html
    assert '<option value="DE">Germany</option>' in html
    assert '<option value="US">' not in html


def test_free_delivery_reads_free_at_review_and_on_the_confirmation(shopping, methods):
    free = make_delivery_method("Pickup", price="0.00")
    fill_checkout(shopping, delivery_method=free, payment_method=methods["payment_method"])

    review = shopping.get(reverse("checkout:review")).content.decode()
    done = shopping.get(place(shopping).url).content.decode()

    assert '<dd class="checkout-delivery">Free</dd>' in review
    assert '<dd class="order-delivery-cost">Free</dd>' in done
    assert '<dd class="order-total">€24.50</dd>' in done


def test_a_country_the_shop_does_not_deliver_to_is_refused(shopping):
    response = shopping.post(reverse("checkout:address"), {**ADDRESS_FORM, "country": "XX"})
    assert "country" in response.context["form"].errors


def test_an_inactive_delivery_method_cannot_be_chosen(shopping, methods, delivery_method):
    shopping.post(reverse("checkout:address"), ADDRESS_FORM)
    delivery_method.is_active = False
    delivery_method.save()
    response = shopping.post(reverse("checkout:delivery"), {"delivery_method": delivery_method.pk})
    assert response.status_code == 200
    assert "not available any more" in response.content.decode()


def test_posted_prices_and_totals_are_ignored(shopping, methods):
    fill_checkout(shopping, **methods)
    total = reviewed_total(shopping)
    place(shopping, total, price="0.01", unit_price="0.01", total="0.01", discount="29.40")
    assert Order.objects.get().total == Decimal("29.40")


def test_a_tampered_total_places_nothing_and_says_why(shopping, methods):
    fill_checkout(shopping, **methods)
    response = place(shopping, "1.00")
    assert not Order.objects.exists()
    assert response.url == reverse("checkout:review")
    review = shopping.get(response.url)
    assert any("total changed from €1.00 to €29.40" in text for text in flashes(review))


def test_a_price_change_after_review_sends_the_shopper_back_to_the_cart(shopping, methods, boots):
    fill_checkout(shopping, **methods)
    total = reviewed_total(shopping)
    boots.price = Decimal("12.00")
    boots.save()

    response = place(shopping, total)

    assert not Order.objects.exists()
    assert response.url == reverse("cart:detail")
    cart_page = shopping.get(response.url)
    assert [str(change) for change in cart_page.context["review"].changes] == [
        "Boots: Price changed from €10.00 to €12.00"
    ]
    # Having seen it, the shopper can order at the new price.
    place(shopping)
    assert Order.objects.get().subtotal == Decimal("28.50")


def test_submitting_twice_places_one_order(shopping, methods):
    fill_checkout(shopping, **methods)
    total = reviewed_total(shopping)
    first = place(shopping, total)
    second = place(shopping, total)
    assert len(placed_orders()) == 1
    assert second.url == first.url


def test_an_idle_checkout_expires_and_keeps_the_cart(shopping, methods, settings):
    fill_checkout(shopping, **methods)
    Checkout.objects.update(updated_at=the_checkout().updated_at - timedelta(minutes=31))

    response = shopping.get(reverse("checkout:review"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("checkout:address")
    assert any("expired after 30 minutes" in text for text in flashes(response))
    assert response.context["form"]["email"].value() in ("", None)
    assert client_cart(shopping).lines.count() == 2


def test_placing_an_expired_checkout_places_nothing(shopping, methods):
    fill_checkout(shopping, **methods)
    total = reviewed_total(shopping)
    Checkout.objects.update(updated_at=the_checkout().updated_at - timedelta(minutes=31))
    response = place(shopping, total)
    assert response.url == reverse("checkout:address")
    assert not Order.objects.exists()
    assert client_cart(shopping).lines.count() == 2


def test_a_coupon_is_applied_to_the_order(shopping, methods):
    make_coupon("SAVE10", value="10")
    shopping.post(reverse("cart:apply_coupon"), {"code": "save10"})
    fill_checkout(shopping, **methods)
    place(shopping)
    order = Order.objects.get()
    assert (order.coupon_code, order.discount, order.total) == (
        "SAVE10",
        Decimal("2.45"),
        Decimal("26.95"),
    )


def test_a_coupon_used_up_by_this_email_is_removed_at_review(shopping, methods, boots):
    from tests.fixtures.orders import submit

    make_coupon("ONCE", value="10", per_customer_limit=1)
    submit(
        [(boots, 1)],
        **methods,
        coupon_code="ONCE",
        email=ADDRESS_FORM["email"],
        expected_total="13.90",
    )
    shopping.post(reverse("cart:apply_coupon"), {"code": "ONCE"})
    fill_checkout(shopping, **methods)

    review = shopping.get(reverse("checkout:review"))

    assert review.context["quote"].discount == 0
    assert any("ONCE" in text and "removed" in text for text in flashes(review))
    place(shopping)
    assert Order.objects.latest("pk").coupon_code == ""


def test_bank_transfer_shows_payment_instructions(shopping, delivery_method):
    method = make_payment_method(
        "Bank transfer",
        provider=PaymentProvider.BANK_TRANSFER,
        instructions="IBAN AT61 1904 3002 3457 3201",
    )
    fill_checkout(shopping, delivery_method=delivery_method, payment_method=method)
    done = shopping.get(place(shopping).url)
    order = Order.objects.get()
    page = done.content.decode()
    assert "IBAN AT61 1904 3002 3457 3201" in page
    assert f"Please transfer €29.40 with the reference {order.number}" in page
    assert order.payment_state == PaymentState.PENDING


def test_a_logged_in_shopper_reuses_their_last_address(client, boots, methods):
    user = make_user("grace", email="grace@example.com")
    client.force_login(user)
    post_add(client, boots, 1)
    fill_checkout(client, **methods, address={**ADDRESS_FORM, "city": "Boston"})
    place(client)
    assert Order.objects.get().user == user

    post_add(client, boots, 1)
    form = client.get(reverse("checkout:address")).context["form"]
    assert form["city"].value() == "Boston"
    assert form["email"].value() == "grace@example.com"


def test_the_confirmation_page_needs_the_orders_token(client, shopping, methods):
    fill_checkout(shopping, **methods)
    place(shopping)
    assert client.get(reverse("checkout:done", args=["not-the-token"])).status_code == 404


def test_saving_the_address_never_undoes_a_placed_order(shopping, methods):
    """Another tab's address form, read before the order was placed, saved after it."""
    from commerce.checkout import services

    fill_checkout(shopping, **methods)
    stale = the_checkout()
    place(shopping)
    services.save_address(stale, {**ADDRESS_FORM, "city": "Boston"})
    assert the_checkout().order_id == Order.objects.get().pk


def test_a_refused_step_still_counts_as_activity(shopping, methods):
    fill_checkout(shopping, **methods)
    almost_stale = the_checkout().updated_at - timedelta(minutes=29)
    Checkout.objects.update(updated_at=almost_stale)

    response = shopping.post(reverse("checkout:delivery"), {"delivery_method": 0})

    assert response.status_code == 200 and response.context["form"].errors
    assert the_checkout().updated_at > almost_stale + timedelta(minutes=28)
    assert the_checkout().delivery_method == methods["delivery_method"]  # nothing else changed


def test_a_step_sent_with_a_valid_choice_counts_as_activity(shopping, methods):
    fill_checkout(shopping, **methods)
    almost_stale = the_checkout().updated_at - timedelta(minutes=29)
    Checkout.objects.update(updated_at=almost_stale)

    response = shopping.post(
        reverse("checkout:payment"), {"payment_method": methods["payment_method"].pk}
    )

    assert response.url == reverse("checkout:review")
    assert the_checkout().updated_at > almost_stale + timedelta(minutes=28)


@pytest.mark.parametrize("change", ["price", "stock"])
def test_a_cart_changed_after_the_review_places_nothing_and_shows_the_cart(
    shopping, methods, boots, change
):
    fill_checkout(shopping, **methods)
    total = reviewed_total(shopping)
    if change == "price":
        type(boots).objects.filter(pk=boots.pk).update(price="12.00")
    else:
        boots.stock_records.update(quantity=1)  # 2 in the cart
    stock_before = stock_by_warehouse(boots)

    response = place(shopping, total)

    assert response.url == reverse("cart:detail")
    assert not Order.objects.exists()
    assert stock_by_warehouse(boots) == stock_before
    assert client_cart(shopping).lines.count() == 2
    page = shopping.get(reverse("cart:detail"))
    assert "Your cart changed since you reviewed it: nothing was ordered." in flashes(page)
    expected = "Price changed from" if change == "price" else "Only 1 left"
    assert expected in page.content.decode()


def test_a_visit_records_activity_only_when_the_last_is_a_minute_old(shopping, methods):
    fill_checkout(shopping, **methods)
    just_now = the_checkout().updated_at
    shopping.get(reverse("checkout:review"))
    assert the_checkout().updated_at == just_now  # seconds ago: nothing written

    two_minutes_ago = just_now - timedelta(minutes=2)
    Checkout.objects.update(updated_at=two_minutes_ago)
    shopping.get(reverse("checkout:review"))
    assert the_checkout().updated_at > two_minutes_ago + timedelta(minutes=1)


def test_a_payment_gateway_switched_off_after_the_review_places_nothing(
    shopping, delivery_method, settings
):
    settings.PAYMENTS_TEST_GATEWAY = True
    gateway = make_payment_method("Card", provider=PaymentProvider.TEST_GATEWAY)
    fill_checkout(shopping, delivery_method=delivery_method, payment_method=gateway)
    total = reviewed_total(shopping)
    settings.PAYMENTS_TEST_GATEWAY = False

    response = place(shopping, total)

    assert not Order.objects.exists()
    assert response.url == reverse("checkout:payment")
    assert client_cart(shopping).lines.count() == 2


def test_a_usable_method_is_what_the_active_query_selects(delivery_method, settings):
    settings.PAYMENTS_TEST_GATEWAY = False
    cash = make_payment_method("Cash", provider=PaymentProvider.CASH_ON_DELIVERY)
    gateway = make_payment_method("Card", provider=PaymentProvider.TEST_GATEWAY)
    off = make_payment_method("Old", provider=PaymentProvider.CASH_ON_DELIVERY)
    off.is_active = False
    off.save()
    methods = [cash, gateway, off]
    for switched_on in (False, True):
        settings.PAYMENTS_TEST_GATEWAY = switched_on
        active = set(PaymentMethod.objects.active())
        assert {method for method in methods if method.is_usable} == active & set(methods)
    assert delivery_method.is_usable
    delivery_method.is_active = False
    assert not delivery_method.is_usable
