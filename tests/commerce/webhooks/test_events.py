"""Which events the shop's own changes send: orders placed and moved, stock running low,
products saved."""

import pytest
from django.db import transaction

from commerce.orders.services import cancel_order, change_order_status, set_payment_state
from commerce.stock.services import StockUpdate, apply_stock_updates
from commerce.webhooks.models import Event
from tests.fixtures.catalog import make_product, set_stock
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(receiver, subscribe, django_capture_on_commit_callbacks):
    """Subscribe the receiver to every event; `sent(action)` runs it, commits, and returns
    (event, data) of what the receiver got."""
    subscribe(receiver.url, *Event.values)

    def run(action):
        before = len(receiver.requests)
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return [(r.json["event"], r.json["data"]) for r in receiver.requests[before:]]

    return run


def test_a_placed_order_sends_order_created(sent, product, methods):
    [(event, data)] = sent(lambda: submit([(product, 2)], expected_total="179.80", **methods))

    assert event == "order.created"
    assert data["order"]["status"] == "new"
    assert data["order"]["total"] == "179.80"
    assert data["order"]["number"] == product.order_lines.get().order.number


def test_marking_paid_sends_status_changed_and_paid(sent, product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    events = sent(lambda: change_order_status(order=order, to="paid"))

    assert [event for event, _ in events] == ["order.status_changed", "order.paid"]
    changed = events[0][1]
    assert (changed["from_status"], changed["to_status"]) == ("new", "paid")
    assert events[1][1]["order"]["payment_state"] == "paid"


def test_a_payment_callback_sends_order_paid_too(sent, product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    events = sent(lambda: set_payment_state(order=order, state="paid"))

    assert [event for event, _ in events] == ["order.status_changed", "order.paid"]


def test_a_cancelled_order_sends_status_changed_only(sent, product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    events = sent(lambda: cancel_order(order=order))

    assert [(e, d["to_status"]) for e, d in events] == [("order.status_changed", "cancelled")]


def test_a_refused_transition_sends_nothing(sent, product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    def ship_a_new_order():
        with pytest.raises(Exception, match="cannot"):
            change_order_status(order=order, to="delivered")

    assert sent(ship_a_new_order) == []


def test_stock_low_is_sent_once_per_fall_below_the_threshold(sent, settings, product, warehouse):
    settings.SHOP_LOW_STOCK_THRESHOLD = 5

    variant = product.variants.get()  # a product without options has its default variant

    def sync(quantity):
        return lambda: apply_stock_updates(
            updates=[StockUpdate(product.pk, variant.pk, warehouse.pk, quantity=quantity)]
        )

    [(event, data)] = sent(sync(4))
    assert event == "stock.low"
    assert (data["product"]["sku"], data["quantity"], data["threshold"]) == (product.sku, 4, 5)
    assert sent(sync(2)) == []  # still low: the next sync says nothing
    assert sent(sync(9)) == []  # back above
    assert [(e, d["quantity"]) for e, d in sent(sync(0))] == [("stock.low", 0)]


def test_an_order_that_leaves_a_product_low_sends_stock_low(sent, settings, product, methods):
    settings.SHOP_LOW_STOCK_THRESHOLD = 5  # the product holds 12

    events = sent(lambda: submit([(product, 8)], expected_total="719.20", **methods))

    assert [(e, d.get("quantity")) for e, d in events] == [
        ("order.created", None),
        ("stock.low", 4),
    ]


def test_saving_a_product_twice_in_one_transaction_sends_one_product_updated(sent, category):
    created = []
    sent(lambda: created.append(make_product(category, name="Boot", price="20.00")))
    [product] = created

    def edit():
        with transaction.atomic():
            product.price = "25.00"
            product.save()
            product.name = "Boot II"
            product.save()

    [(event, data)] = sent(edit)
    assert event == "product.updated"
    assert (data["product"]["name"], data["product"]["price"]) == ("Boot II", "25.00")


def test_locking_a_product_in_the_admin_is_not_an_update(sent, category, admin_user):
    product = make_product(category, name="Boot", price="20.00")

    def lock():
        product.locked = True
        product.locked_by = admin_user
        product.save(update_fields=["locked", "locked_by"])

    assert sent(lock) == []


def test_stock_levels_are_not_product_updates(sent, product, warehouse, settings):
    settings.SHOP_LOW_STOCK_THRESHOLD = 0
    assert sent(lambda: set_stock(product, warehouse, 30)) == []


def test_a_variant_price_set_through_the_price_service_sends_product_updated(sent, category):
    from commerce.catalog.prices import PriceChange, set_prices
    from tests.fixtures.catalog import make_attribute, make_variants

    product = make_product(category, name="Tee", price="20.00")
    make_variants(product, [make_attribute("Size", ["S", "M"])], ["S", "M"])

    events = sent(lambda: set_prices(changes=[PriceChange(sku=f"{product.sku}-M", price="24")]))

    updates = [data["product"] for event, data in events if event == "product.updated"]
    assert [update["sku"] for update in updates] == [product.sku]
