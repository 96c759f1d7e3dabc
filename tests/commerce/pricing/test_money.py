from decimal import Decimal

import pytest
from django.template import Context, Template, engines

from commerce.pricing.money import format_money
from commerce.pricing.templatetags.pricing_tags import money


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


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.5"), "1,234.50 EUR"),
        (Decimal("89.90"), "89.90 EUR"),
        (Decimal("0"), "0.00 EUR"),
        (Decimal("1234567.891"), "1,234,567.89 EUR"),
        (Decimal("0.005"), "0.01 EUR"),
        (7, "7.00 EUR"),
        ("12.3", "12.30 EUR"),
        (None, ""),
    ],
)
def test_money_filter(amount, text):
    assert money(amount) == text


def test_money_filter_uses_the_shop_currency(settings):
    settings.SHOP_CURRENCY = "CHF"

    assert money(Decimal("10")) == "10.00 CHF"


def test_money_filter_refuses_floats():
    with pytest.raises(TypeError):
        money(89.9)


def test_money_filter_in_a_template():
    template = engines["django"].from_string("{% load pricing_tags %}{{ amount|money }}")

    assert template.render({"amount": Decimal("1234.5")}) == "1,234.50 EUR"
