"""Variants as shoppers and orders meet them: a product without choices has one default
variant; a product with sizes needs one chosen; each size has its own stock and may have
its own price; orders copy the variant's SKU and options."""

from decimal import Decimal

import pytest

from commerce.cart import services
from commerce.cart.exceptions import ChoiceNeeded, NotEnoughStock
from commerce.cart.models import CartLine
from commerce.catalog.models import ProductVariant
from commerce.catalog.purchase import choice_prompt, purchase_option
from commerce.orders.models import OrderLine
from commerce.orders.services import cancel_order
from tests.fixtures.cart import add_url, guest_cart, post_add
from tests.fixtures.catalog import (
    make_attribute,
    make_product,
    make_tee,
    option,
)
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def size():
    return make_attribute("Size", ["S", "M", "L"], position=1)


@pytest.fixture
def colour():
    return make_attribute("Colour", ["Navy", "Red"], position=2)


@pytest.fixture
def tee(category, warehouse, size, colour):
    return make_tee(category, warehouse, size, colour)


def test_a_product_without_choices_has_one_default_variant_with_its_sku(category):
    product = make_product(category, sku="MUG-1")

    [variant] = ProductVariant.objects.filter(product=product)
    assert (variant.sku, variant.option_key, variant.options_label, variant.price) == (
        "MUG-1",
        "",
        "",
        None,
    )
    product.sku = "MUG-2"
    product.save()
    assert list(ProductVariant.objects.filter(product=product).values_list("sku")) == [("MUG-2",)]


def test_variants_are_labelled_in_attribute_order(tee):
    assert list(tee.variants.values_list("sku", "options_label")) == [
        ("TEE-M-NAVY", "Size: M, Colour: Navy"),
        ("TEE-L-NAVY", "Size: L, Colour: Navy"),
        ("TEE-M-RED", "Size: M, Colour: Red"),
    ]


def test_the_policy_answers_per_variant_with_the_price_override(tee):
    medium, large = tee.variants.get(sku="TEE-M-NAVY"), tee.variants.get(sku="TEE-L-NAVY")

    assert purchase_option(tee, variant=medium).unit_price == Decimal("20.00")
    assert purchase_option(tee, variant=large).unit_price == Decimal("24.00")
    assert purchase_option(tee, variant=large).availability.quantity == 5
    assert purchase_option(tee).availability.quantity == 8  # the product: all its sizes


def test_adding_without_a_choice_is_refused_and_adds_nothing(tee):
    cart = guest_cart()

    with pytest.raises(ChoiceNeeded) as refusal:
        services.add_line(cart=cart, product_id=tee.pk, quantity=1)

    assert refusal.value.message == "Choose a size and colour of Tee."
    assert CartLine.objects.count() == 0


def test_a_half_choice_names_what_is_missing(tee, size):
    with pytest.raises(ChoiceNeeded) as refusal:
        services.add_line(
            cart=guest_cart(), product_id=tee.pk, option_ids=[option(size, "M").pk], quantity=1
        )

    assert refusal.value.message == "Choose a colour of Tee."
    assert CartLine.objects.count() == 0


@pytest.mark.parametrize(
    ("attributes", "prompt"),
    [
        (["Size"], "Choose a size"),
        (["Size", "Colour"], "Choose a size and colour"),
        (["Size", "Colour", "Width"], "Choose a size, colour and width"),
        (["Edition"], "Choose an edition"),
        ([], "Choose options"),
    ],
)
def test_what_to_choose_is_named_from_the_variant_attributes(attributes, prompt):
    assert choice_prompt(attributes) == prompt


def test_a_combination_that_does_not_exist_is_refused(tee, size, colour):
    chosen = [option(size, "L").pk, option(colour, "Red").pk]

    with pytest.raises(ChoiceNeeded) as refusal:
        services.add_line(cart=guest_cart(), product_id=tee.pk, option_ids=chosen, quantity=1)

    assert refusal.value.message == "Tee is not available in that combination."
    assert CartLine.objects.count() == 0


def test_a_sold_out_size_cannot_be_added(tee, size, colour):
    chosen = [option(size, "M").pk, option(colour, "Red").pk]

    with pytest.raises(NotEnoughStock) as refusal:
        services.add_line(cart=guest_cart(), product_id=tee.pk, option_ids=chosen, quantity=1)

    assert refusal.value.message == "Tee (Size: M, Colour: Red) is out of stock."
    assert CartLine.objects.count() == 0


def test_each_size_is_its_own_line_at_its_own_price(tee, size, colour):
    cart = guest_cart()
    navy = option(colour, "Navy").pk
    services.add_line(
        cart=cart, product_id=tee.pk, option_ids=[option(size, "M").pk, navy], quantity=2
    )
    large = tee.variants.get(sku="TEE-L-NAVY")
    services.add_line(cart=cart, product_id=tee.pk, variant_id=large.pk, quantity=1)

    assert list(cart.lines.values_list("variant__sku", "quantity", "seen_unit_price")) == [
        ("TEE-M-NAVY", 2, Decimal("20.00")),
        ("TEE-L-NAVY", 1, Decimal("24.00")),
    ]
    with pytest.raises(NotEnoughStock):  # 3 of size M in stock, 2 in the cart
        services.add_line(
            cart=cart, product_id=tee.pk, option_ids=[option(size, "M").pk, navy], quantity=2
        )


def test_the_add_form_without_a_choice_tells_the_shopper_and_adds_nothing(client, tee):
    response = client.post(add_url(), {"product": tee.pk, "quantity": 1}, follow=True)

    assert response.status_code == 200
    assert "Choose a size and colour of Tee." in [str(m) for m in response.context["messages"]]
    assert CartLine.objects.count() == 0


def test_the_add_form_with_a_tampered_option_is_a_bad_request(client, tee):
    response = post_add(client, tee, 1, **{"option-size": "abc"})

    assert response.status_code == 400
    assert CartLine.objects.count() == 0


def test_an_order_line_copies_the_variants_sku_and_options_and_cancelling_gives_back(tee, methods):
    large = tee.variants.get(sku="TEE-L-NAVY")

    order = submit([(large, 2)], expected_total="52.90", **methods)

    assert list(
        OrderLine.objects.values_list("product_name", "sku", "options_label", "unit_price")
    ) == [("Tee", "TEE-L-NAVY", "Size: L, Colour: Navy", Decimal("24.00"))]
    assert dict(large.stock_records.values_list("warehouse__code", "quantity")) == {"main": 3}
    cancel_order(order=order)
    assert dict(large.stock_records.values_list("warehouse__code", "quantity")) == {"main": 5}


def test_renaming_an_option_or_attribute_relabels_variants_not_orders(tee, size, methods):
    medium = tee.variants.get(sku="TEE-M-NAVY")
    submit([(medium, 1)], expected_total="24.90", **methods)

    medium_option = option(size, "M")
    medium_option.value = "Medium"
    medium_option.save()
    size.name = "Fit size"
    size.save()

    medium.refresh_from_db()
    assert medium.options_label == "Fit size: Medium, Colour: Navy"
    assert list(OrderLine.objects.values_list("options_label", flat=True)) == [
        "Size: M, Colour: Navy"
    ]


def test_a_variant_of_another_product_is_refused_and_adds_nothing(tee, category):
    other = make_product(category, name="Mug", price="8.00")
    mug = other.variants.get()

    with pytest.raises(ChoiceNeeded) as refusal:
        services.add_line(cart=guest_cart(), product_id=tee.pk, variant_id=mug.pk, quantity=1)

    assert refusal.value.reason == "no_such_variant"
    assert CartLine.objects.count() == 0


def test_a_variant_chosen_by_id_is_added_with_its_own_stock(tee):
    large = tee.variants.get(sku="TEE-L-NAVY")

    line = services.add_line(cart=guest_cart(), product_id=tee.pk, variant_id=large.pk, quantity=1)

    assert (line.variant.sku, line.variant.sellable_quantity) == ("TEE-L-NAVY", 5)
