"""The product editor's variants: the inline (options, SKU, price, stock per warehouse), the
"generate variants" choice, and the product list's variant count and stock."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from commerce.catalog.models import Product, ProductVariant
from commerce.stock.models import StockRecord
from tests.commerce.catalog.test_product_admin import product_form
from tests.fixtures.admin import product_admin_url
from tests.fixtures.catalog import make_attribute, make_product, make_variants, option, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def size(db):
    return make_attribute("Size", ["S", "M", "L"], position=0)


@pytest.fixture
def colour(db):
    return make_attribute("Colour", ["Navy", "Red"], position=1)


def stock_of(variant) -> dict[str, int]:
    return dict(
        StockRecord.objects.filter(variant=variant).values_list("warehouse__code", "quantity")
    )


def variants_of(product) -> list[tuple[str, str, Decimal | None]]:
    return [
        (v.sku, v.options_label, v.price)
        for v in ProductVariant.objects.filter(product=product).order_by("position", "pk")
    ]


def test_creating_a_product_with_variants_saves_options_prices_and_stock(
    admin_client, category, warehouse, size
):
    small, medium = option(size, "S"), option(size, "M")
    form = product_form(
        category,
        variants=[
            {"sku": "LS-S", "options": [small.pk], "price": "", "stock_0": "3"},
            {"sku": "LS-M", "options": [medium.pk], "price": "54.90", "stock_0": "0"},
        ],
    )
    form["variant_attributes"] = [str(size.pk)]

    response = admin_client.post(product_admin_url("add"), form)

    assert response.status_code == 302
    product = Product.objects.get(sku="LS-001")
    assert variants_of(product) == [
        ("LS-S", "Size: S", None),
        ("LS-M", "Size: M", Decimal("54.90")),
    ]
    assert stock_of(ProductVariant.objects.get(sku="LS-S")) == {"main": 3}
    assert stock_of(ProductVariant.objects.get(sku="LS-M")) == {"main": 0}
    assert list(product.variant_attributes.all()) == [size]


def test_a_variant_without_an_option_of_each_variant_attribute_is_a_form_error(
    admin_client, category, warehouse, size, colour
):
    form = product_form(
        category,
        variants=[{"sku": "LS-S", "options": [option(size, "S").pk], "stock_0": ""}],
    )
    form["variant_attributes"] = [str(size.pk), str(colour.pk)]

    response = admin_client.post(product_admin_url("add"), form)

    assert response.status_code == 200
    assert "Choose one option of each variant attribute (Colour, Size)." in response.text
    assert not Product.objects.filter(sku="LS-001").exists()
    assert not ProductVariant.objects.filter(sku="LS-S").exists()


def test_two_variants_with_the_same_options_are_a_form_error(
    admin_client, category, warehouse, size
):
    medium = option(size, "M").pk
    form = product_form(
        category,
        variants=[
            {"sku": "LS-M1", "options": [medium], "stock_0": ""},
            {"sku": "LS-M2", "options": [medium], "stock_0": ""},
        ],
    )
    form["variant_attributes"] = [str(size.pk)]

    response = admin_client.post(product_admin_url("add"), form)

    assert response.status_code == 200
    assert "Another variant has these options." in response.text
    assert not Product.objects.filter(sku="LS-001").exists()


def _edit_form(product, variants):
    """The edit form as Wagtail posts it: existing variants with their ids and the stock
    shown (hidden), plus the product's own fields."""
    form = product_form(product.category, sku=product.sku, slug=product.slug, name=product.name)
    rows = []
    for variant, changes in variants:
        shown = stock_of(variant)
        rows.append(
            {
                "id": variant.pk,
                "sku": variant.sku,
                "options": [o.pk for o in variant.options.all()],
                "price": changes.get("price", variant.price or ""),
                "compare_at_price": "",
                "stock_0": str(changes.get("stock", shown.get("main", ""))),
                "stock_seen": ",".join(
                    f"{r.warehouse_id}:{r.quantity}" for r in variant.stock_records.all()
                ),
            }
        )
    options = {index: row.pop("options") for index, row in enumerate(rows)}
    form.update(nested_form_data({"variants": inline_formset(rows, initial=len(rows))}))
    for index, pks in options.items():
        form[f"variants-{index}-options"] = [str(pk) for pk in pks]
    form["variant_attributes"] = [str(a.pk) for a in product.variant_attributes.all()]
    return form


def test_editing_a_variant_sets_its_price_and_counts_its_stock(
    admin_client, category, warehouse, size
):
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    variants = make_variants(product, [size], ["S", "M"])
    small, medium = variants["TEE-S"], variants["TEE-M"]
    set_stock(small, warehouse, 4)
    set_stock(medium, warehouse, 6)

    response = admin_client.post(
        product_admin_url("edit", product.pk),
        _edit_form(product, [(small, {"price": "25.00", "stock": 9}), (medium, {})]),
    )

    assert response.status_code == 302
    assert variants_of(product) == [
        ("TEE-S", "Size: S", Decimal("25.00")),
        ("TEE-M", "Size: M", None),
    ]
    assert stock_of(small) == {"main": 9}
    assert stock_of(medium) == {"main": 6}


def test_a_variant_count_over_stock_that_orders_changed_is_not_applied(
    admin_client, category, warehouse, size
):
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    small = make_variants(product, [size], ["S"])["TEE-S"]
    set_stock(small, warehouse, 4)
    form = _edit_form(product, [(small, {"stock": 9})])
    set_stock(small, warehouse, 3)  # an order took one meanwhile

    response = admin_client.post(product_admin_url("edit", product.pk), form, follow=True)

    assert stock_of(small) == {"main": 3}
    assert "Stock of TEE-S in Main changed while you edited (now 3)" in response.text


def test_generate_variants_makes_every_new_combination_and_drops_the_empty_default(
    admin_client, category, warehouse, size, colour
):
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    form = _edit_form(product, [])
    form["generate_from"] = [
        str(option(size, "S").pk),
        str(option(size, "M").pk),
        str(option(colour, "Navy").pk),
        str(option(colour, "Red").pk),
    ]

    response = admin_client.post(product_admin_url("edit", product.pk), form, follow=True)

    assert response.status_code == 200
    assert "4 variants generated." in response.text
    assert variants_of(product) == [
        ("TEE-S-NAVY", "Size: S, Colour: Navy", None),
        ("TEE-S-RED", "Size: S, Colour: Red", None),
        ("TEE-M-NAVY", "Size: M, Colour: Navy", None),
        ("TEE-M-RED", "Size: M, Colour: Red", None),
    ]
    assert set(product.variant_attributes.all()) == {size, colour}

    # Again with one more size: only the new combinations are added.
    form = _edit_form(product, [(v, {}) for v in product.variants.order_by("position")])
    form["generate_from"] = [str(option(size, "L").pk), str(option(colour, "Navy").pk)]
    admin_client.post(product_admin_url("edit", product.pk), form)
    assert [sku for sku, _, _ in variants_of(product)][-1] == "TEE-L-NAVY"
    assert ProductVariant.objects.filter(product=product).count() == 5


def test_generate_variants_refuses_while_the_default_variant_holds_stock(
    admin_client, category, warehouse, size
):
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    set_stock(product, warehouse, 5)
    form = _edit_form(product, [])
    form["generate_from"] = [str(option(size, "S").pk)]

    response = admin_client.post(product_admin_url("edit", product.pk), form, follow=True)

    assert "Tee holds 5 units without a size or colour" in response.text
    assert variants_of(product) == [("TEE", "", None)]
    assert stock_of(ProductVariant.objects.get(sku="TEE")) == {"main": 5}


def _list_queries(client) -> int:
    client.get(product_admin_url("list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(product_admin_url("list")).status_code == 200
    return len(queries)


def test_product_list_shows_variant_count_and_total_stock_without_a_query_per_row(
    admin_client, category, warehouse, size
):
    def add(count):
        for _ in range(count):
            product = make_product(category)
            for variant in make_variants(product, [size], ["S", "M", "L"]).values():
                set_stock(variant, warehouse, 2)

    add(2)
    small = _list_queries(admin_client)
    add(20)
    large = _list_queries(admin_client)

    response = admin_client.get(product_admin_url("list"))
    rows = response.context["object_list"]
    assert {(p.variant_count, p.sellable_stock) for p in rows} == {(3, 6)}
    assert "Variants" in response.text
    assert small == large


def test_the_edit_form_shows_each_variant_with_its_stock_in_a_fixed_number_of_queries(
    admin_client, category, warehouse, size, colour
):
    tee = make_product(category, name="Tee", sku="TEE", price="20.00")
    variants = make_variants(tee, [size], ["S", "M"])
    set_stock(variants["TEE-S"], warehouse, 4)
    polo = make_product(category, name="Polo", sku="POLO", price="30.00")
    six = make_variants(
        polo, [size, colour], [(s, c) for s in ("S", "M", "L") for c in ("Navy", "Red")]
    )
    for variant in six.values():
        set_stock(variant, warehouse, 2)

    def queries(product) -> int:
        url = product_admin_url("edit", product.pk)
        admin_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(captured)

    response = admin_client.get(product_admin_url("edit", tee.pk))
    assert 'value="TEE-S"' in response.text and 'value="TEE-M"' in response.text
    assert 'aria-label="Stock in Main"' in response.text and 'value="4"' in response.text
    assert 'name="variants-0-stock_seen"' in response.text
    # Options, warehouses and stock are read once for all rows, whatever their number.
    assert queries(polo) == queries(tee)


def test_variants_are_saved_at_once_also_with_a_draft_and_publishing_keeps_them(
    admin_client, category, warehouse, size
):
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    small = make_variants(product, [size], ["S"])["TEE-S"]
    form = _edit_form(product, [(small, {"price": "22.00", "stock": 7})])
    del form["action-publish"]  # "Save draft"
    form["price"] = "25.00"

    response = admin_client.post(product_admin_url("edit", product.pk), form)

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == Decimal("20.00") and product.has_unpublished_changes  # a draft
    assert variants_of(product) == [("TEE-S", "Size: S", Decimal("22.00"))]  # at once
    assert stock_of(small) == {"main": 7}

    product.get_latest_revision().publish()

    assert Product.objects.get(pk=product.pk).price == Decimal("25.00")
    assert variants_of(product) == [("TEE-S", "Size: S", Decimal("22.00"))]
    assert stock_of(small) == {"main": 7}
