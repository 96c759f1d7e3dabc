import pytest
from django.contrib.auth import get_user_model

from commerce.orders.exceptions import InvalidShipment, InvalidStatusTransition
from commerce.orders.models import Order, OrderStatus, OrderStatusChange
from commerce.orders.services import allowed_transitions, change_order_status, ship_order
from commerce.orders.signals import order_status_changed
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(product, methods):
    return submit([(product, 1)], expected_total="94.80", **methods)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("grace", "grace@example.com", "pw")


def history(order) -> list[tuple]:
    return list(
        OrderStatusChange.objects.filter(order=order).values_list(
            "from_status", "to_status", "actor__username", "actor_name", "note"
        )
    )


def test_an_order_goes_new_paid_shipped_delivered_with_its_history(order, staff):
    change_order_status(order=order, to=OrderStatus.PAID, actor=staff, note="Bank statement")
    change_order_status(order=order, to="shipped", actor=staff)
    change_order_status(order=order, to=OrderStatus.DELIVERED)

    order.refresh_from_db()
    assert (order.status, order.payment_state) == ("delivered", "paid")
    assert history(order) == [
        ("", "new", None, "", "Placed"),
        ("new", "paid", "grace", "grace", "Bank statement"),
        ("paid", "shipped", "grace", "grace", ""),
        ("shipped", "delivered", None, "", ""),
    ]
    times = list(order.status_changes.values_list("created_at", flat=True))
    assert times == sorted(times)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], "shipped"),
        ([], "delivered"),
        ([], "new"),
        (["paid"], "new"),
        (["paid"], "delivered"),
        (["paid", "shipped"], "cancelled"),
        (["paid", "shipped"], "paid"),
        (["paid", "shipped", "delivered"], "cancelled"),
        (["cancelled"], "paid"),
        (["cancelled"], "cancelled"),
    ],
)
def test_an_invalid_transition_is_refused_and_changes_nothing(order, staff, path, refused):
    for status in path:
        change_order_status(order=order, to=status)
    before = (Order.objects.values().get(pk=order.pk), history(order))

    with pytest.raises(InvalidStatusTransition) as error:
        change_order_status(order=order, to=refused, actor=staff)

    assert (error.value.code, error.value.from_status, error.value.to_status) == (
        "invalid_status_transition",
        path[-1] if path else "new",
        refused,
    )
    assert (Order.objects.values().get(pk=order.pk), history(order)) == before


def test_a_stale_order_object_cannot_repeat_a_transition(order):
    stale = Order.objects.get(pk=order.pk)
    change_order_status(order=order, to=OrderStatus.PAID)

    with pytest.raises(InvalidStatusTransition):
        change_order_status(order=stale, to=OrderStatus.PAID)  # read again under the lock

    assert [row[1] for row in history(order)] == ["new", "paid"]


def test_an_unknown_status_is_refused(order):
    with pytest.raises(ValueError):
        change_order_status(order=order, to="lost")


def test_the_allowed_transitions_follow_the_workflow():
    assert allowed_transitions("new") == ["paid", "cancelled"]
    assert allowed_transitions("paid") == ["shipped", "cancelled"]
    assert allowed_transitions("shipped") == ["delivered"]
    assert allowed_transitions("delivered") == []
    assert allowed_transitions("cancelled") == []


# Shipping with a carrier and tracking number


def test_shipping_keeps_the_carrier_and_tracking_number_on_the_order(
    order, staff, django_capture_on_commit_callbacks
):
    change_order_status(order=order, to=OrderStatus.PAID)
    moves = []

    def record(**kwargs):
        moves.append(kwargs["to_status"])

    order_status_changed.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ship_order(order=order, carrier=" DHL ", tracking_number=" JJD0099 ", actor=staff)
    finally:
        order_status_changed.disconnect(record)

    stored = Order.objects.get(pk=order.pk)
    assert (stored.status, stored.carrier, stored.tracking_number) == (
        "shipped",
        "DHL",
        "JJD0099",
    )
    assert (order.carrier, order.tracking_number) == ("DHL", "JJD0099")
    assert history(order)[-1] == ("paid", "shipped", "grace", "grace", "DHL JJD0099")
    assert moves == ["shipped"]


def test_a_note_given_for_the_shipment_is_the_history_note(order):
    change_order_status(order=order, to=OrderStatus.PAID)

    ship_order(order=order, carrier="Post", tracking_number="RR123AT", note="Two parcels")

    assert history(order)[-1][-1] == "Two parcels"
    assert Order.objects.values_list("carrier", "tracking_number").get(pk=order.pk) == (
        "Post",
        "RR123AT",
    )


def test_shipping_without_a_tracking_number_still_ships(order):
    change_order_status(order=order, to=OrderStatus.PAID)

    ship_order(order=order)

    stored = Order.objects.get(pk=order.pk)
    assert (stored.status, stored.carrier, stored.tracking_number) == ("shipped", "", "")
    assert history(order)[-1][-1] == ""


@pytest.mark.parametrize("path", [[], ["cancelled"], ["paid", "shipped"]])
def test_shipping_an_order_that_cannot_ship_changes_nothing(order, path):
    for status in path:
        change_order_status(order=order, to=status)
    before = (Order.objects.values().get(pk=order.pk), history(order))

    with pytest.raises(InvalidStatusTransition):
        ship_order(order=order, carrier="DHL", tracking_number="LATE-1")

    assert (Order.objects.values().get(pk=order.pk), history(order)) == before


@pytest.mark.parametrize("field", ["carrier", "tracking_number"])
def test_a_carrier_or_tracking_number_too_long_is_refused_and_changes_nothing(order, field):
    change_order_status(order=order, to=OrderStatus.PAID)
    before = (Order.objects.values().get(pk=order.pk), history(order))

    with pytest.raises(InvalidShipment) as refused:
        ship_order(order=order, **{field: "x" * 101})

    assert (refused.value.code, refused.value.field, refused.value.max_length) == (
        "invalid_shipment",
        field,
        100,
    )
    assert (Order.objects.values().get(pk=order.pk), history(order)) == before
