from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commerce.catalog.models import Product, ProductStatus
from tests.fixtures.catalog import make_product

pytestmark = pytest.mark.django_db


def test_status_decides_what_is_listed_and_what_is_buyable(category):
    active = make_product(category, name="Active", status=ProductStatus.ACTIVE)
    disabled = make_product(category, name="Disabled", status=ProductStatus.DISABLED)
    hidden = make_product(category, name="Hidden", status=ProductStatus.HIDDEN)
    unpublished = make_product(category, name="Draft", live=False)

    assert set(Product.objects.visible()) == {active, disabled}
    assert set(Product.objects.buyable()) == {active}
    assert (active.is_visible, active.is_buyable) == (True, True)
    assert (disabled.is_visible, disabled.is_buyable) == (True, False)
    assert (hidden.is_visible, hidden.is_buyable) == (False, False)
    assert (unpublished.is_visible, unpublished.is_buyable) == (False, False)


def test_sku_is_unique(category):
    make_product(category, sku="TS-1")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_product(category, sku="TS-1")


def test_negative_price_is_refused_by_the_database(category):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_product(category, price="-0.01")


def test_compare_at_price_must_be_above_price(category):
    product = make_product(category, price="20.00")
    product.compare_at_price = Decimal("20.00")

    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "The compare-at price must be higher than the price." in str(error.value)

    with pytest.raises(IntegrityError), transaction.atomic():
        product.save()


def test_sale_is_shown_only_with_a_higher_compare_at_price(category):
    on_sale = make_product(category, price="15.00", compare_at_price=Decimal("20.00"))
    regular = make_product(category, price="15.00")

    assert on_sale.is_on_sale is True
    assert regular.is_on_sale is False


def test_revisions_never_carry_stock(product):
    revision = product.save_revision()
    revision.refresh_from_db()

    assert "stock_records" not in revision.content
    assert revision.content["price"] == "89.90"
