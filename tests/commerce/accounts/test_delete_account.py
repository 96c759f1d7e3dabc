"""Deleting an account asks the password; its orders stay as anonymous records."""

from decimal import Decimal

from django.contrib.auth import SESSION_KEY, get_user_model

from commerce.accounts.addresses import remember_address
from commerce.accounts.models import Address
from commerce.cart.models import Cart
from commerce.orders.models import Order, OrderStatusChange
from tests.fixtures.accounts import PASSWORD, VIENNA, log_in, make_order, make_shopper


def delete(client, password=PASSWORD):
    return client.post("/account/delete/", {"password": password})


def test_wrong_password_deletes_nothing(client, ada):
    client.force_login(ada)
    response = delete(client, password="wrong")
    assert response.status_code == 200
    assert "Your password is wrong." in response.content.decode()
    assert get_user_model().objects.filter(pk=ada.pk).exists()


def test_delete_needs_post_and_login(client, ada):
    assert client.get("/account/delete/")["Location"].startswith("/account/login/")
    client.force_login(ada)
    assert client.get("/account/delete/").status_code == 200
    assert get_user_model().objects.filter(pk=ada.pk).exists()


def test_deleting_keeps_orders_anonymised_and_logs_out(client, ada, boots):
    order = make_order(
        email="ada@example.com",
        user=ada,
        lines=[("Boots", "10.00", 2), ("Socks", "4.50", 1)],
        coupon_code="SAVE",
        discount="1.00",
    )
    OrderStatusChange.objects.create(
        order=order, from_status="new", to_status="cancelled", actor=ada, actor_name=ada.username
    )
    old_token = order.access_token
    Cart.objects.create(user=ada)
    remember_address(ada, VIENNA)
    bob = make_shopper("bob@example.com")
    bobs = make_order(email="bob@example.com", user=bob)
    client.force_login(ada)

    response = delete(client)
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
    assert not get_user_model().objects.filter(pk=ada.pk).exists()
    assert not Cart.objects.filter(user_id=ada.pk).exists()
    assert not Address.objects.filter(owner_id=ada.pk).exists()

    order.refresh_from_db()
    assert order.user is None
    assert (order.email, order.phone, order.address_line1, order.address_line2) == ("", "", "", "")
    assert (order.postal_code, order.city, order.name) == ("", "", "Deleted customer")
    assert order.number and order.coupon_code == "SAVE"
    assert (order.subtotal, order.discount, order.total) == (
        Decimal("24.50"),
        Decimal("1.00"),
        Decimal("28.40"),
    )
    assert [(line.product_name, line.quantity) for line in order.lines.all()] == [
        ("Boots", 2),
        ("Socks", 1),
    ]
    assert order.access_token != old_token
    assert client.get(f"/orders/{old_token}/").status_code == 404
    change = order.status_changes.get(to_status="cancelled")
    assert (change.actor, change.actor_name) == (None, "Deleted customer")

    bobs.refresh_from_db()
    assert (bobs.user, bobs.email) == (bob, "bob@example.com")
    assert Order.objects.count() == 2


def test_the_address_can_sign_up_again_and_gets_no_old_orders(client, ada):
    make_order(email="ada@example.com", user=ada)
    client.force_login(ada)
    delete(client)
    client.post("/account/signup/", {"email": "ada@example.com", "password": PASSWORD})
    assert log_in(client.__class__()).status_code == 302
    assert client.get("/account/orders/").context["page_obj"].paginator.count == 0


def test_deleting_drops_lists_and_failed_login_records(client, ada, boots):
    from axes.models import AccessAttempt
    from django.test import Client

    from commerce.lists.models import ShoppingList

    ShoppingList.objects.create(user=ada, name="Birthday")
    Client(REMOTE_ADDR="10.9.9.9").post(
        "/account/login/", {"email": "Ada@example.com", "password": "wrong"}
    )
    assert AccessAttempt.objects.filter(username="ada@example.com").exists()
    client.force_login(ada)
    delete(client)
    assert not ShoppingList.objects.filter(user_id=ada.pk).exists()
    assert not AccessAttempt.objects.filter(username="ada@example.com").exists()
