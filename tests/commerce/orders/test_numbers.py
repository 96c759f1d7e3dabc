import re

import pytest

from commerce.orders import numbers
from commerce.orders.models import Order
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


def test_numbers_are_short_unambiguous_and_random():
    drawn = {numbers.new_order_number() for _ in range(2000)}

    assert len(drawn) == 2000
    assert all(re.fullmatch(r"SO-[2-9A-HJKMNP-Z]{8}", number) for number in drawn)
    assert not any(set(number[3:]) & set("01OIL") for number in drawn)


def test_a_colliding_number_is_drawn_again(product, methods, monkeypatch):
    first = submit([(product, 1)], expected_total="94.80", **methods)
    drawn = iter([first.number, first.number, "SO-NEW22222"])
    monkeypatch.setattr("commerce.orders.services.new_order_number", lambda: next(drawn))

    second = submit([(product, 1)], expected_total="94.80", **methods)

    assert second.number == "SO-NEW22222"
    assert Order.objects.count() == 2
    assert second.lines.count() == 1


def test_access_tokens_are_long_and_unrelated_to_the_number(product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    assert len(order.access_token) == 43
    assert order.number[3:] not in order.access_token
