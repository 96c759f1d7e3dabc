"""The shopper's order pages: history and detail in the account, the guest's page by the
secret link. Nobody sees another shopper's order, whatever number, id or token they try."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from commerce.orders.links import order_link
from commerce.orders.models import Order, OrderStatus, PaymentState
from tests.fixtures.accounts import make_order, make_shopper, queries_of


@pytest.fixture
def bob(db):
    return make_shopper("bob@example.com")


def detail_url(order) -> str:
    return f"/account/orders/{order.number}/"


def test_history_needs_login(client, db):
    assert client.get("/account/orders/")["Location"] == "/account/login/?next=/account/orders/"


def test_history_lists_own_orders_newest_first(client, ada, bob):
    first = make_order(user=ada, lines=[("Boots", "10.00", 2), ("Socks", "4.50", 3)])
    second = make_order(user=ada)
    make_order(user=bob, email="bob@example.com")
    make_order(email="ada@example.com")  # a guest order with Ada's address: not hers yet
    client.force_login(ada)
    response = client.get("/account/orders/")
    orders = list(response.context["orders"])
    assert [order.number for order in orders] == [second.number, first.number]
    assert orders[1].item_count == 5
    html = response.content.decode()
    assert f'href="/account/orders/{first.number}/"' in html
    assert "€38.40" in html  # 20.00 + 13.50 + 4.90


def test_history_pages_by_twenty(client, ada):
    orders = [make_order(user=ada) for _ in range(23)]
    client.force_login(ada)
    second = client.get("/account/orders/?page=2")
    assert [o.number for o in second.context["orders"]] == [o.number for o in orders[2::-1]]
    for bad in ("abc", "-1", "999"):
        assert client.get(f"/account/orders/?page={bad}").status_code == 200


def test_history_query_count_is_flat(client, ada):
    client.force_login(ada)
    counts = []
    for total in (2, 20):
        while Order.objects.filter(user=ada).count() < total:
            make_order(user=ada, lines=[("Boots", "10.00", 1), ("Socks", "4.50", 2)])
        client.get("/account/orders/")  # warm the shop's caches
        queries = queries_of(client, "/account/orders/")
        assert sum('FROM "orders_orderline"' in sql for sql in queries) == 0
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_detail_shows_everything_the_order_kept(client, ada):
    order = make_order(
        user=ada,
        lines=[("Boots", "10.00", 2), ("Socks", "4.50", 1)],
        coupon_code="SAVE",
        discount="2.45",
        payment_state=PaymentState.PAID,
        status=OrderStatus.PAID,
    )
    client.force_login(ada)
    html = client.get(detail_url(order)).content.decode()
    for text in [
        order.number,
        "Boots",
        "SKU-1",
        "€10.00",
        "€20.00",
        "Socks",
        "Subtotal",
        "€24.50",
        "\u2212€2.45",  # a minus sign
        "Parcel",
        "€4.90",
        "€26.95",
        "Bank transfer",
        "payment-state-paid",
        'order-status-paid">Paid',
        "12 Harbour Road",
        "Flat 3",
        "1010 Vienna<br>Austria</address>",
    ]:
        assert text in html, text


def test_free_delivery_reads_free_on_the_order_page(client, ada):
    order = make_order(user=ada, lines=[("Boots", "10.00", 1)], delivery_cost="0.00")
    client.force_login(ada)

    html = client.get(detail_url(order)).content.decode()

    assert '<dd class="order-delivery-cost">Free</dd>' in html
    assert '<dd class="order-total">€10.00</dd>' in html


def test_detail_by_number_in_any_case(client, ada):
    order = make_order(user=ada)
    client.force_login(ada)
    assert client.get(f"/account/orders/{order.number.lower()}/").status_code == 200


def test_detail_needs_login(client, ada):
    order = make_order(user=ada)
    response = client.get(detail_url(order))
    assert response["Location"].startswith("/account/login/?next=")


def test_another_shoppers_order_answers_404(client, ada, bob):
    bobs = make_order(user=bob, email="bob@example.com")
    guest = make_order(email="ada@example.com")  # same address, never linked
    client.force_login(ada)
    for url in [
        detail_url(bobs),
        detail_url(guest),
        f"/account/orders/{bobs.pk}/",
        "/account/orders/SO-XXXXXXXX/",
        f"/orders/{bobs.number}/",
        f"/orders/{bobs.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert bobs.number not in client.get("/account/orders/").content.decode()


def test_detail_query_count_does_not_grow_with_lines(client, ada):
    few = make_order(user=ada, lines=[("Boots", "10.00", 1)] * 2)
    many = make_order(user=ada, lines=[("Boots", "10.00", 1)] * 12)
    client.force_login(ada)
    client.get(detail_url(few))
    assert len(queries_of(client, detail_url(few))) == len(queries_of(client, detail_url(many)))


def test_guest_sees_the_order_by_its_link(client, db):
    order = make_order(email="guest@example.com", lines=[("Boots", "10.00", 2)])
    response = client.get(f"/orders/{order.access_token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert order.number in html and "Boots" in html and "€24.90" in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]
    assert 'content="noindex, nofollow"' in html


def test_unknown_or_altered_token_answers_404(client, db):
    order = make_order(email="guest@example.com")
    for token in ["x" * 43, order.access_token[:-1], order.access_token + "a", order.number]:
        assert client.get(f"/orders/{token}/").status_code == 404


def test_guest_page_is_read_only(client, db):
    order = make_order(email="guest@example.com")
    assert client.post(f"/orders/{order.access_token}/").status_code == 405


def test_guest_page_query_count_does_not_grow_with_lines(client, db):
    few = make_order(email="g@example.com", lines=[("Boots", "10.00", 1)] * 2)
    many = make_order(email="g@example.com", lines=[("Boots", "10.00", 1)] * 12)
    client.get(f"/orders/{few.access_token}/")
    assert len(queries_of(client, f"/orders/{few.access_token}/")) == len(
        queries_of(client, f"/orders/{many.access_token}/")
    )


def test_order_link_is_absolute(db, settings):
    order = make_order(email="guest@example.com")
    settings.WAGTAILADMIN_BASE_URL = "https://shop.example/"
    assert order_link(order) == f"https://shop.example/orders/{order.access_token}/"
    request = RequestFactory().get("/", HTTP_HOST="www.shop.example", secure=True)
    assert order_link(order, request) == f"https://www.shop.example/orders/{order.access_token}/"


def test_order_summary_include_needs_only_order_and_lines(db, django_assert_num_queries):
    order = make_order(email="guest@example.com", lines=[("Boots", "10.00", 2)])
    lines = list(order.lines.all())
    with django_assert_num_queries(0):
        html = render_to_string(
            "orders/includes/order_summary.html", {"order": order, "lines": lines}
        )
    assert "Boots" in html and order.number in html and "€24.90" in html
