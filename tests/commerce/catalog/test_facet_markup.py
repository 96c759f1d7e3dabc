"""The filters a listing renders: options with results (or ticked) only, a facet with none left
out, "Show all" only when more than six options are offered, and a full page well under
100 KB however many options the shop defines."""

import re

import pytest

from tests.fixtures.catalog import make_attribute, make_product, option, set_stock

pytestmark = pytest.mark.django_db

SIZES = [f"EU {number}" for number in range(36, 48)]  # twelve options


@pytest.fixture
def sizes():
    return make_attribute("Size", SIZES)


def shoe(category, warehouse, name, *options):
    product = make_product(category, name=name, price="50.00")
    product.attribute_options.set(options)
    product.save()  # a ParentalManyToManyField is written on save
    set_stock(product, warehouse, 3)
    return product


def facet_html(response, name: str) -> str:
    html = response.content.decode()
    found = re.search(rf"<legend>{name}</legend>(.*?)</fieldset>", html, re.S)
    return found.group(1) if found else ""


def test_more_than_six_offered_options_collapse_behind_show_all(client, category, warehouse, sizes):
    for index, value in enumerate(SIZES[:8]):
        shoe(category, warehouse, f"Runner {index}", option(sizes, value))

    size_filter = facet_html(client.get(category.get_absolute_url()), "Size")

    assert size_filter.count('type="checkbox"') == 8
    assert "Show all" in size_filter


def test_options_without_results_are_neither_listed_nor_counted_for_show_all(
    client, category, warehouse, sizes
):
    for index, value in enumerate(SIZES[:3]):
        shoe(category, warehouse, f"Runner {index}", option(sizes, value))

    size_filter = facet_html(client.get(category.get_absolute_url()), "Size")

    assert size_filter.count('type="checkbox"') == 3
    assert "Show all" not in size_filter  # twelve sizes exist, three are offered


def test_a_facet_with_no_option_in_the_listing_is_left_out(client, category, warehouse, sizes):
    make_attribute("Width", ["Narrow", "Wide"], position=1)
    shoe(category, warehouse, "Runner", option(sizes, SIZES[0]))

    response = client.get(category.get_absolute_url())

    assert facet_html(response, "Size")
    assert "<legend>Width</legend>" not in response.content.decode()


def test_a_full_page_with_many_options_stays_under_100_kb(client, category, warehouse, sizes):
    colours = make_attribute("Colour", [f"Shade {n}" for n in range(60)], position=1)
    for index in range(30):
        shoe(
            category,
            warehouse,
            f"Runner {index}",
            option(sizes, SIZES[index % 12]),
            option(colours, f"Shade {index * 2}"),
        )

    response = client.get(category.get_absolute_url())

    assert len(response.context["listing"].cards) == 24
    assert facet_html(response, "Colour").count('type="checkbox"') == 30
    assert len(response.content) < 100 * 1024
