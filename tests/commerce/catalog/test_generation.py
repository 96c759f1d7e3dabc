"""The catalog's generation (commerce.catalog.generation): what moves it on, and values kept
per generation."""

from decimal import Decimal

import pytest
from django.db import connection

from commerce.catalog import generation
from commerce.catalog.generation import GenerationCache
from commerce.stock.signals import availability_changed

pytestmark = pytest.mark.django_db


def test_saving_a_product_moves_the_generation_now_and_once_more_on_commit(product):
    before = generation.current()
    product.price = Decimal("12.00")
    product.save()
    moved = generation.current()
    product.save()

    assert moved != before
    pending = [func for _sids, func, _robust in connection.run_on_commit]
    assert pending.count(generation._new_token) == 1  # one move on commit per transaction
    generation._new_token()  # what the commit runs
    assert generation.current() not in (before, moved)


def test_announced_stock_changes_move_the_generation(product):
    before = generation.current()

    availability_changed.send(sender=None, product_ids=[product.pk])

    assert generation.current() != before


def test_a_kept_value_is_built_once_per_generation_and_nothing_found_is_not_kept(db):
    kept = GenerationCache("test", max_entries=2)
    builds = []

    def build(value):
        def run():
            builds.append(value)
            return value

        return run

    assert kept.get_or_build("a", build("A")) == "A"
    assert kept.get_or_build("a", build("changed")) == "A"
    assert kept.get_or_build("missing", build(None)) is None
    assert kept.get_or_build("missing", build(None)) is None
    generation.advance()
    assert kept.get_or_build("a", build("B")) == "B"
    assert builds == ["A", None, None, "B"]


def test_the_least_recently_used_value_goes_first(db):
    kept = GenerationCache("test", max_entries=2)
    kept.get_or_build("a", lambda: 1)
    kept.get_or_build("b", lambda: 2)
    kept.get_or_build("a", lambda: 0)  # used again
    kept.get_or_build("c", lambda: 3)

    assert kept.get_or_build("b", lambda: "built again") == "built again"
    assert kept.get_or_build("a", lambda: "built again") == "built again"  # b pushed it out


def test_listings_read_with_other_filterable_attributes_are_kept_apart(db):
    from commerce.catalog import listing_cache
    from commerce.catalog.listing import _load_filterable_definitions
    from tests.fixtures.catalog import make_attribute

    colour = make_attribute("Colour", ["Red", "Blue"])
    colour.is_filterable = True
    colour.save()
    held = _load_filterable_definitions()
    assert listing_cache.definitions_key(held) == listing_cache.definitions_key(
        _load_filterable_definitions()
    )

    colour.options.filter(value="Red").update(value="Crimson")  # as another process would

    assert listing_cache.definitions_key(held) != listing_cache.definitions_key(
        _load_filterable_definitions()
    )
