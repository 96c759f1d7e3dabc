from decimal import Decimal

import pytest
from django.template import Context, Template, engines

from commerce.countries import country_choices, country_name
from commerce.pricing.money import format_delivery_cost, format_money
from commerce.pricing.templatetags.pricing_tags import delivery_cost, money


def test_format_money_rounds_half_up_and_groups_thousands():
    assert [format_money(Decimal(v)) for v in ("1234.5", "0.005", "2.675", "0", "-3.335")] == [
        "€1,234.50",
        "€0.01",
        "€2.68",
        "€0.00",
        "-€3.34",
    ]


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        format_money(0.1)


def test_the_money_filter_shows_what_format_money_says_and_nothing_for_no_amount():
    template = Template("{% load pricing_tags %}[{{ a|money }}][{{ b|money }}][{{ c|money }}]")

    rendered = template.render(Context({"a": Decimal("1234.5"), "b": None, "c": ""}))

    assert rendered == "[€1,234.50][][]"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.5"), "€1,234.50"),
        (Decimal("89.90"), "€89.90"),
        (Decimal("0"), "€0.00"),
        (Decimal("-5"), "-€5.00"),
        (Decimal("-1234.5"), "-€1,234.50"),
        (Decimal("1234567.891"), "€1,234,567.89"),
        (Decimal("0.005"), "€0.01"),
        (7, "€7.00"),
        ("12.3", "€12.30"),
        (None, ""),
    ],
)
def test_money_filter(amount, text):
    assert money(amount) == text


def test_money_filter_uses_the_shop_currency(settings):
    settings.SHOP_CURRENCY = "USD"

    assert money(Decimal("1234.5")) == "US$1,234.50"


def test_money_filter_writes_an_orders_own_currency():
    template = engines["django"].from_string("{% load pricing_tags %}{{ amount|money:currency }}")

    assert template.render({"amount": Decimal("1234.5"), "currency": "GBP"}) == "£1,234.50"


def test_money_follows_the_shop_locale(settings):
    settings.SHOP_LOCALE = "de_DE"

    assert [money(Decimal("1234.5")), money(Decimal("-5")), money(Decimal("0"))] == [
        "1.234,50\xa0€",
        "-5,00\xa0€",
        "0,00\xa0€",
    ]


def test_money_filter_refuses_floats():
    with pytest.raises(TypeError):
        money(89.9)


def test_money_filter_in_a_template():
    template = engines["django"].from_string("{% load pricing_tags %}{{ amount|money }}")

    assert template.render({"amount": Decimal("1234.5")}) == "€1,234.50"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0"), "Free"),
        (Decimal("0.004"), "Free"),
        (Decimal("4.9"), "€4.90"),
        (None, ""),
    ],
)
def test_a_delivery_that_costs_nothing_is_free(amount, text):
    assert delivery_cost(amount) == text


def test_format_delivery_cost_in_an_orders_currency():
    assert format_delivery_cost(Decimal("4.9"), "GBP") == "£4.90"
    assert format_delivery_cost(Decimal("0"), "GBP") == "Free"


def test_country_names_in_the_shop_locale(settings):
    assert [country_name("DE"), country_name("gb"), country_name("XX"), country_name("")] == [
        "Germany",
        "United Kingdom",
        "XX",
        "",
    ]
    settings.SHOP_LOCALE = "de_DE"
    assert country_name("DE") == "Deutschland"


def test_country_choices_keep_the_given_order():
    assert country_choices(["CH", "AT"]) == [("CH", "Switzerland"), ("AT", "Austria")]


def test_the_country_name_filter():
    template = engines["django"].from_string("{% load pricing_tags %}{{ code|country_name }}")

    assert template.render({"code": "NL"}) == "Netherlands"
