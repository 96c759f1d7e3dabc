"""Swatch colours: staff give a colour option its fill (#rrggbb) in the attribute editor; the
product page's swatches and the cards' colour dots use it, and guess from the slug without."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from commerce.catalog.importing import CatalogImportError, import_catalog_document
from commerce.catalog.models import AttributeDefinition, AttributeOption
from tests.fixtures.catalog import make_attribute, make_tee, option

pytestmark = pytest.mark.django_db


def edit_url(definition) -> str:
    return reverse(AttributeDefinition.snippet_viewset.get_url_name("edit"), args=[definition.pk])


def edit_form(definition, swatches: dict[str, str]) -> dict:
    """The attribute editor's form as saved: every option, `swatches` {value: colour}."""
    options = [
        {
            "id": o.pk,
            "value": o.value,
            "slug": o.slug,
            "swatch_colour": swatches.get(o.value, o.swatch_colour),
            "ORDER": str(position),
        }
        for position, o in enumerate(definition.options.order_by("sort_order"), 1)
    ]
    return nested_form_data(
        {
            "name": definition.name,
            "slug": definition.slug,
            "is_filterable": "on",
            "position": definition.position,
            "options": inline_formset(options, initial=len(options)),
        }
    )


@pytest.fixture
def colour(db):
    colour = make_attribute("Colour", ["Navy", "Red"], position=2)
    AttributeOption.objects.create(
        definition=colour, value="Sky blue", slug="sky-blue", sort_order=2
    )
    return colour


@pytest.fixture
def tee(category, warehouse, colour):
    size = make_attribute("Size", ["S", "M", "L"], position=1)
    return make_tee(category, warehouse, size, colour)


def test_staff_set_a_swatch_colour_in_the_attribute_editor(admin_client, colour):
    response = admin_client.post(edit_url(colour), edit_form(colour, {"Navy": "#1F3A5F"}))

    assert response.status_code == 302
    assert option(colour, "Navy").swatch_colour == "#1f3a5f"  # stored in lower case
    assert option(colour, "Red").swatch_colour == ""


@pytest.mark.parametrize("bad", ["navy", "#12345", "#1234567", "#ggg000", "1f3a5f"])
def test_a_swatch_colour_that_is_not_hex_is_a_form_error(admin_client, colour, bad):
    response = admin_client.post(edit_url(colour), edit_form(colour, {"Navy": bad}))

    assert response.status_code == 200
    [navy_errors, *_] = response.context["form"].formsets["options"].errors
    assert list(navy_errors) == ["swatch_colour"]
    assert option(colour, "Navy").swatch_colour == ""


def test_the_database_refuses_a_swatch_that_is_not_hex(colour):
    with pytest.raises(ValidationError):
        AttributeOption(
            definition=colour, value="Teal", slug="teal", swatch_colour="teal"
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttributeOption.objects.filter(definition=colour, slug="navy").update(swatch_colour="blue")


def swatch_fills(html: str, css_class: str) -> list[str]:
    return re.findall(rf'class="{css_class}"[^>]*>\s*<circle [^>]*fill="([^"]*)"', html)


def test_the_picker_and_the_card_fill_swatches_with_the_options_colour(
    client, tee, colour, category
):
    AttributeOption.objects.filter(definition=colour, slug="navy").update(swatch_colour="#1f3a5f")

    page = client.get(tee.get_absolute_url()).content.decode()
    listing = client.get(category.get_absolute_url()).content.decode()

    # Navy has its own colour; Red has none: its slug is the guess
    assert swatch_fills(page, "variant-choice__swatch") == ["#1f3a5f", "red"]
    assert swatch_fills(listing, "card-swatches__dot") == ["#1f3a5f", "red"]


def test_a_changed_swatch_colour_shows_on_the_next_card(client, tee, colour, category):
    client.get(category.get_absolute_url())  # the card is rendered and kept
    navy = option(colour, "Navy")
    navy.swatch_colour = "#000080"
    navy.save()

    listing = client.get(category.get_absolute_url()).content.decode()

    assert swatch_fills(listing, "card-swatches__dot") == ["#000080", "red"]


def test_without_a_colour_a_two_word_name_is_guessed_as_one_css_name(colour):
    assert option(colour, "Sky blue").swatch == "skyblue"
    assert option(colour, "Navy").swatch == "navy"


def import_colours(options: list[dict], tmp_path):
    document = {"attributes": [{"slug": "colour", "name": "Colour", "options": options}]}
    return import_catalog_document(document, base_dir=tmp_path)


def test_an_import_sets_and_changes_swatch_colours(db, tmp_path):
    import_colours([{"slug": "navy", "swatch_colour": "#1F3A5F"}, {"slug": "red"}], tmp_path)
    colour = AttributeDefinition.objects.get(slug="colour")

    assert option(colour, "Navy").swatch_colour == "#1f3a5f"
    assert option(colour, "Red").swatch_colour == ""

    import_colours([{"slug": "navy", "swatch_colour": ""}, {"slug": "red"}], tmp_path)

    assert option(colour, "Navy").swatch_colour == ""


def test_an_import_with_a_bad_swatch_colour_writes_nothing(db, tmp_path):
    with pytest.raises(CatalogImportError) as raised:
        import_colours([{"slug": "navy"}, {"slug": "red", "swatch_colour": "red"}], tmp_path)

    assert "attributes[0].options[1].swatch_colour" in str(raised.value)
    assert not AttributeOption.objects.exists()
