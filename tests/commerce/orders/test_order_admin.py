"""The staff order screens: list, filters, search, export, inspect view, status buttons.

The sales columns of the product list are tested with backoffice, which adds them."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commerce.orders.models import Order, OrderStatus, OrderStatusChange
from commerce.orders.services import change_order_status
from tests.fixtures.catalog import make_product, make_warehouse, set_stock, stock_by_warehouse
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


def order_admin_url(action: str, *args) -> str:
    return reverse(Order.snippet_viewset.get_url_name(action), args=args)


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def history(order) -> list[tuple]:
    return list(
        order.status_changes.values_list("from_status", "to_status", "actor__username", "note")
    )


@pytest.fixture
def order(product, methods):
    """Trail Runner 89.90 + Parcel 4.90, placed by Ada Lovelace."""
    return submit([(product, 1)], expected_total="94.80", **methods)


@pytest.fixture
def second_order(product, methods):
    """Two Trail Runners (delivery free above 100), placed by Grace Hopper, then paid."""
    order = submit(
        [(product, 2)],
        expected_total="179.80",
        email="grace@example.com",
        name="Grace Hopper",
        **methods,
    )
    return change_order_status(order=order, to=OrderStatus.PAID)


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [order.number for order in response.context["object_list"]]


def staff_client(*codenames: str) -> Client:
    """A client logged in as staff with admin access and only the given order permissions."""
    user = get_user_model().objects.create_user("clerk", "clerk@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="orders", codename__in=codenames),
    )
    client = Client()
    client.force_login(user)
    return client


# The list


def test_order_list_shows_orders_newest_first(admin_client, order, second_order):
    response = admin_client.get(order_admin_url("list"))

    assert listed(response) == [second_order.number, order.number]
    text = response.text
    for expected in [
        order.number,
        "Ada Lovelace",
        "ada@example.com",
        "€94.80",
        "Grace Hopper",
        "grace@example.com",
        "€179.80",
        "Paid",
        "Pending",
    ]:
        assert expected in text


def test_order_list_has_no_add_button_and_links_orders_to_inspect(admin_client, order):
    response = admin_client.get(order_admin_url("list"))

    assert order_admin_url("add") not in response.text
    assert order_admin_url("edit", order.pk) not in response.text
    assert order_admin_url("delete", order.pk) not in response.text
    assert order_admin_url("inspect", order.pk) in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "paid"}, ["second"]),
        ({"status": "new"}, ["first"]),
        ({"status": "shipped"}, []),
        ({"payment_state": "pending"}, ["first"]),
        ({"payment_state": "paid"}, ["second"]),
        ({"created_at_from": "2024-01-01", "created_at_to": "2024-01-31"}, ["first"]),
        ({"created_at_from": "2024-02-01"}, ["second"]),
        ({"created_at_to": "2024-01-14"}, []),
    ],
)
def test_order_list_filters(admin_client, order, second_order, query, expected):
    Order.objects.filter(pk=order.pk).update(
        created_at=timezone.make_aware(datetime(2024, 1, 15, 10, 30))
    )
    numbers = {"first": order.number, "second": second_order.number}

    response = admin_client.get(order_admin_url("list"), query)

    assert listed(response) == [numbers[name] for name in expected]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("grace@example", ["second"]),
        ("ADA@EXAMPLE.COM", ["first"]),
        ("hopper", ["second"]),
        ("Lovelace", ["first"]),
        ("example.com", ["second", "first"]),
        ("nobody", []),
    ],
)
def test_order_list_search_by_email_and_name(admin_client, order, second_order, term, expected):
    numbers = {"first": order.number, "second": second_order.number}

    response = admin_client.get(order_admin_url("list"), {"q": term})

    assert listed(response) == [numbers[name] for name in expected]


def test_order_list_search_by_number(admin_client, order, second_order):
    response = admin_client.get(order_admin_url("list"), {"q": order.number.lower()})

    assert listed(response) == [order.number]


def test_order_list_exports_csv(admin_client, order, second_order):
    response = admin_client.get(order_admin_url("list"), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="orders.csv"'
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert rows[0] == (
        "Number,Placed,Status,Payment state,Name,Email,Phone,Address,Address (line 2),"
        "Postal code,City,Country,Delivery method name,Payment method name,Coupon code,"
        "Subtotal,Delivery cost,Discount,Total,Currency,Items"
    )
    assert len(rows) == 3
    grace = rows[1].split(",")
    assert grace[0] == second_order.number
    assert grace[2:6] == ["paid", "paid", "Grace Hopper", "grace@example.com"]
    assert grace[-6:-1] == ["179.80", "0.00", "0.00", "179.80", "EUR"]
    ada = rows[2].split(",")
    order_sku = order.lines.get().sku
    assert (ada[0], ada[2], ada[3]) == (order.number, "new", "pending")
    assert ada[7:12] == ["12 Harbour Road", "Flat 3", "1010", "Vienna", "AT"]
    assert ada[-6:] == ["89.90", "4.90", "0.00", "94.80", "EUR", f"1 × Trail Runner [{order_sku}]"]


def test_order_list_exports_xlsx(admin_client, order):
    response = admin_client.get(order_admin_url("list"), {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


# Orders are placed by checkout only


def test_even_a_superuser_cannot_add_edit_or_delete_orders(admin_client, order):
    home = reverse("wagtailadmin_home")
    changed = {"name": "Changed", "email": "changed@example.com"}
    for url in [
        order_admin_url("add"),
        order_admin_url("edit", order.pk),
        order_admin_url("delete", order.pk),
    ]:
        assert admin_client.get(url)["Location"] == home, url
        assert admin_client.post(url, changed)["Location"] == home, url

    order.refresh_from_db()
    assert (Order.objects.count(), order.name, order.email) == (
        1,
        "Ada Lovelace",
        "ada@example.com",
    )


# The inspect view


def test_inspect_view_shows_lines_allocations_addresses_totals_and_history(
    admin_client, category, product, warehouse, methods
):
    spread = make_product(category, name="Wool socks", sku="SOCK-1", price="10.00")
    set_stock(spread, make_warehouse("near", priority=1), 2)
    set_stock(spread, make_warehouse("far", priority=2), 5)
    order = submit([(product, 1), (spread, 3)], expected_total="119.90", **methods)
    change_order_status(order=order, to=OrderStatus.PAID, actor=order.user, note="Bank")

    response = admin_client.get(order_admin_url("inspect", order.pk))

    assert response.status_code == 200
    context = response.context
    assert [
        (line.product_name, line.sku, line.unit_price, line.quantity, line.line_total)
        for line in context["lines"]
    ] == [
        ("Trail Runner", product.sku, Decimal("89.90"), 1, Decimal("89.90")),
        ("Wool socks", "SOCK-1", Decimal("10.00"), 3, Decimal("30.00")),
    ]
    assert [
        [(a.warehouse.code, a.quantity) for a in line.allocations.all()]
        for line in context["lines"]
    ] == [[("main", 1)], [("near", 2), ("far", 1)]]
    assert [(c.from_status, c.to_status, c.note) for c in context["status_changes"]] == [
        ("", "new", "Placed"),
        ("new", "paid", "Bank"),
    ]
    assert [t["status"] for t in context["transitions"]] == ["shipped", "cancelled"]
    text = response.text
    for expected in [
        "Wool socks",
        "SOCK-1",
        "€10.00",
        "€30.00",
        "Near: 2",
        "Far: 1",
        "Main: 1",
        "12 Harbour Road",
        "1010 Vienna",
        "Austria",
        "€119.90",
        "Mark as shipped",
        "Cancel order",
        "(placed)",
        "Bank",
    ]:
        assert expected in text
    assert "Mark as paid" not in text


def test_inspect_view_without_change_permission_shows_no_buttons(order):
    client = staff_client("view_order")

    response = client.get(order_admin_url("inspect", order.pk))

    assert response.status_code == 200
    assert response.context["transitions"] == []
    assert "Cancel order" not in response.text


# Status buttons


def test_a_valid_transition_button_changes_the_status_and_records_the_staff_user(
    admin_client, admin_user, order
):
    response = admin_client.post(
        order_admin_url("change_status", order.pk), {"to": "paid", "note": "Money arrived"}
    )

    assert response.status_code == 302
    assert response["Location"] == order_admin_url("inspect", order.pk)
    assert messages_of(response) == [f"Order {order.number} is now paid."]
    order.refresh_from_db()
    assert (order.status, order.payment_state) == ("paid", "paid")
    assert history(order) == [
        ("", "new", None, "Placed"),
        ("new", "paid", "staff", "Money arrived"),
    ]
    assert order.status_changes.last().actor_name == "staff"


def test_an_invalid_transition_is_refused_with_a_message_and_changes_nothing(admin_client, order):
    response = admin_client.post(order_admin_url("change_status", order.pk), {"to": "shipped"})

    assert response.status_code == 302
    assert messages_of(response) == [
        f"Order {order.number} was not changed: an order that is new cannot become shipped."
    ]
    order.refresh_from_db()
    assert (order.status, order.payment_state) == ("new", "pending")
    assert history(order) == [("", "new", None, "Placed")]


def test_staff_ship_with_a_carrier_and_tracking_number_and_see_them_on_the_order(
    admin_client, second_order
):
    order = second_order  # paid
    form = admin_client.get(order_admin_url("inspect", order.pk)).text
    assert 'name="carrier"' in form and 'name="tracking_number"' in form
    assert "data-order-shipment" not in form

    response = admin_client.post(
        order_admin_url("change_status", order.pk),
        {"to": "shipped", "carrier": "DHL", "tracking_number": "JJD0099", "note": ""},
    )

    assert messages_of(response) == [f"Order {order.number} is now shipped."]
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == ("shipped", "DHL", "JJD0099")
    assert history(order)[-1] == ("paid", "shipped", "staff", "DHL JJD0099")
    page = admin_client.get(order_admin_url("inspect", order.pk)).text
    shipment = page.split("data-order-shipment>")[1].split("</dd>")[0]
    assert "DHL" in shipment and "<strong>JJD0099</strong>" in shipment
    assert 'name="tracking_number"' not in page  # shipped: only "delivered" is left


def test_a_tracking_number_too_long_is_refused_with_a_message_and_changes_nothing(
    admin_client, second_order
):
    order = second_order
    before = history(order)

    response = admin_client.post(
        order_admin_url("change_status", order.pk),
        {"to": "shipped", "carrier": "DHL", "tracking_number": "x" * 101},
    )

    assert messages_of(response) == [
        f"Order {order.number} was not changed: the tracking number can be at most 100 characters."
    ]
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == ("paid", "", "")
    assert history(order) == before


def test_an_unknown_status_is_refused_and_changes_nothing(admin_client, order):
    response = admin_client.post(order_admin_url("change_status", order.pk), {"to": "lost"})

    assert messages_of(response) == [f"Order {order.number} was not changed: unknown status."]
    order.refresh_from_db()
    assert order.status == "new"
    assert OrderStatusChange.objects.count() == 1


def test_a_get_to_the_transition_url_changes_nothing(admin_client, order):
    response = admin_client.get(order_admin_url("change_status", order.pk), {"to": "paid"})

    assert response.status_code == 405
    order.refresh_from_db()
    assert order.status == "new"
    assert OrderStatusChange.objects.count() == 1


def test_a_post_without_csrf_token_changes_nothing(admin_user, order):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    response = client.post(order_admin_url("change_status", order.pk), {"to": "paid"})

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == "new"
    assert OrderStatusChange.objects.count() == 1


def test_staff_without_change_permission_cannot_change_the_status(product, order):
    client = staff_client("view_order")

    response = client.post(order_admin_url("change_status", order.pk), {"to": "cancelled"})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert messages_of(response) == ["Sorry, you do not have permission to access this area."]
    order.refresh_from_db()
    assert order.status == "new"
    assert OrderStatusChange.objects.count() == 1
    assert stock_by_warehouse(product) == {"main": 11}


def test_staff_with_change_permission_can_change_the_status(order):
    client = staff_client("change_order")

    response = client.post(order_admin_url("change_status", order.pk), {"to": "paid"})

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "paid"
    assert history(order)[-1] == ("new", "paid", "clerk", "")


def test_cancelling_from_the_admin_returns_the_stock(
    admin_client, category, product, warehouse, methods
):
    spread = make_product(category, price="10.00")
    set_stock(spread, make_warehouse("near", priority=1), 2)
    set_stock(spread, make_warehouse("far", priority=2), 5)
    order = submit([(product, 3), (spread, 4)], expected_total="309.70", **methods)
    assert (stock_by_warehouse(product), stock_by_warehouse(spread)) == (
        {"main": 9},
        {"near": 0, "far": 3},
    )

    response = admin_client.post(
        order_admin_url("change_status", order.pk), {"to": "cancelled", "note": "Called"}
    )

    assert messages_of(response) == [
        f"Order {order.number} cancelled; its units are back in stock."
    ]
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert (stock_by_warehouse(product), stock_by_warehouse(spread)) == (
        {"main": 12},
        {"near": 2, "far": 5},
    )
    assert history(order)[-1] == ("new", "cancelled", "staff", "Called")

    again = admin_client.post(order_admin_url("change_status", order.pk), {"to": "cancelled"})

    assert messages_of(again) == [
        f"Order {order.number} cancelled; its units are back in stock.",  # not shown yet
        f"Order {order.number} was not changed: an order that is cancelled cannot become "
        "cancelled.",
    ]
    assert (stock_by_warehouse(product), stock_by_warehouse(spread)) == (
        {"main": 12},
        {"near": 2, "far": 5},
    )


# Query counts


def _queries(client, url) -> int:
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_order_list_queries_do_not_grow_with_the_orders(admin_client, product, warehouse, methods):
    set_stock(product, warehouse, 100)

    def place(count):
        for _ in range(count):
            submit([(product, 1)], expected_total="94.80", **methods)

    place(3)
    small = _queries(admin_client, order_admin_url("list"))
    place(22)
    large = _queries(admin_client, order_admin_url("list"))

    assert Order.objects.count() == 25
    # session, user, profile; count, page of orders; admin menu (locale, pages: 3)
    assert (
        small == large <= 8
    )  # at most: one session/auth query can be served from state an earlier test left


def test_inspect_view_queries_do_not_grow_with_the_lines(admin_client, category, methods):
    near, far = make_warehouse("near", priority=1), make_warehouse("far", priority=2)
    products = []
    for _ in range(6):
        product = make_product(category, price="10.00")
        set_stock(product, near, 1)
        set_stock(product, far, 10)
        products.append(product)
    one = submit([(products[0], 2)], expected_total="24.90", **methods)
    six = submit([(p, 2) for p in products], expected_total="120.00", **methods)
    change_order_status(order=six, to=OrderStatus.PAID)

    small = _queries(admin_client, order_admin_url("inspect", one.pk))
    large = _queries(admin_client, order_admin_url("inspect", six.pk))

    assert six.lines.count() == 6
    # session, user, profile; order, lines, allocations with warehouses, history; menu (3)
    assert (
        small == large <= 10
    )  # at most: one session/auth query can be served from state an earlier test left
