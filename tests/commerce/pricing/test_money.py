from decimal import Decimal

import pytest
from django.template import Context, Template

from commerce.pricing.money import format_money


def test_format_money_rounds_half_up_and_groups_thousands():
    assert [format_money(Decimal(v)) for v in ("1234.5", "0.005", "2.675", "0", "-3.335")] == [
        "1,234.50 EUR",
        "0.01 EUR",
        "2.68 EUR",
        "0.00 EUR",
        "-3.34 EUR",
    ]


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        format_money(0.1)


def test_the_money_filter_shows_what_format_money_says_and_nothing_for_no_amount():
    template = Template("{% load pricing_tags %}[{{ a|money }}][{{ b|money }}][{{ c|money }}]")

    rendered = template.render(Context({"a": Decimal("1234.5"), "b": None, "c": ""}))

    assert rendered == "[1,234.50 EUR][][]"
