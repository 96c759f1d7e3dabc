"""Saved addresses as the checkout uses them: the last one, remembered without duplicates."""

import pytest
from django.contrib.auth.models import AnonymousUser

from commerce.accounts.addresses import last_address, remember_address
from commerce.accounts.models import Address
from tests.fixtures.accounts import VIENNA, make_shopper

BERLIN = {
    "name": "Ada Lovelace",
    "phone": "",
    "address_line1": "Unter den Linden 1",
    "address_line2": "",
    "postal_code": "10117",
    "city": "Berlin",
    "country": "DE",
}


def test_no_address_yet(db):
    assert last_address(make_shopper()) is None


def test_guest_has_none_and_nothing_is_stored(db):
    remember_address(AnonymousUser(), VIENNA)
    remember_address(None, VIENNA)
    assert last_address(AnonymousUser()) is None
    assert Address.objects.count() == 0


def test_remembered_address_comes_back_with_order_field_names(db):
    shopper = make_shopper()
    remember_address(shopper, VIENNA)
    assert last_address(shopper) == VIENNA


def test_latest_address_wins_and_reuse_adds_no_duplicate(db):
    shopper = make_shopper()
    remember_address(shopper, VIENNA)
    remember_address(shopper, BERLIN)
    assert last_address(shopper) == BERLIN

    remember_address(shopper, {**VIENNA, "city": "  Vienna ", "country": "at"})
    assert last_address(shopper) == VIENNA
    assert Address.objects.filter(owner=shopper).count() == 2


def test_addresses_are_per_shopper(db):
    ada, bob = make_shopper(), make_shopper("bob@example.com")
    remember_address(ada, VIENNA)
    assert last_address(bob) is None


def test_missing_optional_fields_are_stored_empty(db):
    shopper = make_shopper()
    remember_address(
        shopper, {k: v for k, v in VIENNA.items() if k not in ("phone", "address_line2")}
    )
    assert last_address(shopper) == {**VIENNA, "phone": "", "address_line2": ""}


@pytest.mark.parametrize(
    "broken",
    [
        {"name": ""},
        {"city": "   "},
        {"country": "AUT"},
        {"country": "1A"},
        {"postal_code": "9" * 21},
    ],
)
def test_an_incomplete_address_is_not_kept(db, broken):
    shopper = make_shopper()
    remember_address(shopper, {**VIENNA, **broken})
    assert last_address(shopper) is None
