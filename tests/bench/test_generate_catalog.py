from collections import Counter

import pytest

from bench.generate_catalog import (
    GenerationError,
    generate_catalog,
    level_sizes,
    main,
    reset_generated,
)
from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductStatus,
)
from commerce.stock.models import StockRecord, Warehouse
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = pytest.mark.django_db


def generate(products=200, **options):
    return generate_catalog(products=products, categories=options.pop("categories", 30), **options)


def test_generates_exactly_the_requested_products_with_unique_skus():
    report = generate(200)

    skus = list(Product.objects.values_list("sku", flat=True))
    assert report.products == 200
    assert len(skus) == len(set(skus)) == 200
    assert sorted(skus) == [f"BENCH-{n:06d}" for n in range(1, 201)]
    slugs = Product.objects.values_list("slug", flat=True)
    assert all(slug.startswith("zz-bench-") for slug in slugs)
    assert Product.objects.filter(live=True, has_unpublished_changes=False).count() == 200


def test_category_tree_is_consistent_and_three_levels_deep():
    generate(200, categories=30)

    categories = list(Category.objects.select_related("parent"))
    assert len(categories) == 30
    assert Counter(category.depth for category in categories) == {0: 3, 1: 9, 2: 18}
    assert all(category.path.startswith("zz-bench-") for category in categories)
    for category in categories:
        assert category.path == category.computed_path()
        assert category.depth == category.path.count("/")
    assert Product.objects.filter(category__isnull=True).count() == 0


def test_level_sizes_are_about_cbrt_roots_with_as_many_children_each():
    assert level_sizes(1) == (1, 0, 0)
    assert level_sizes(2) == (1, 1, 0)
    assert level_sizes(3) == (1, 1, 1)
    assert level_sizes(20) == (3, 9, 8)
    assert level_sizes(30) == (3, 9, 18)
    assert level_sizes(300) == (7, 49, 244)
    assert level_sizes(1000) == (10, 100, 890)


def test_stock_is_never_negative_with_some_empty_and_low():
    report = generate(200)

    quantities = list(StockRecord.objects.values_list("quantity", flat=True))
    assert report.stock_records == len(quantities)
    assert Warehouse.objects.count() == report.warehouses == 3
    assert min(quantities) >= 0
    assert any(q == 0 for q in quantities)
    assert any(1 <= q <= 5 for q in quantities)


def test_mix_of_statuses_prices_and_dates():
    generate(200)

    statuses = Counter(Product.objects.values_list("status", flat=True))
    assert statuses[ProductStatus.ACTIVE] > statuses[ProductStatus.DISABLED] > 0
    assert statuses[ProductStatus.HIDDEN] > 0
    on_sale = [p for p in Product.objects.exclude(compare_at_price=None) if p.is_on_sale]
    assert on_sale
    assert Product.objects.values("created_at__date").distinct().count() > 100


def test_attribute_options_are_linked():
    report = generate(200)

    through = Product.attribute_options.through
    assert through.objects.count() == report.attribute_links > 200
    slugs = set(AttributeDefinition.objects.values_list("slug", flat=True))
    assert slugs == {"zz-bench-colour", "zz-bench-size", "zz-bench-material"}


def test_running_again_skips_existing_skus_and_tops_up():
    generate(200)
    first = dict(Product.objects.values_list("sku", "price"))

    again = generate(200)
    more = generate(250)

    assert (again.products, again.skipped_products) == (0, 200)
    assert (more.products, more.skipped_products) == (50, 200)
    assert Product.objects.count() == 250
    assert Category.objects.count() == 30
    assert dict(Product.objects.filter(sku__in=first).values_list("sku", "price")) == first


def test_same_seed_draws_the_same_catalog():
    generate(50, seed=7)
    first = list(Product.objects.order_by("sku").values_list("sku", "name", "price", "status"))
    reset_generated()
    generate(50, seed=7)

    again = list(Product.objects.order_by("sku").values_list("sku", "name", "price", "status"))
    assert again == first


def _link(product, option) -> None:
    Product.attribute_options.through.objects.create(product=product, attributeoption=option)


def _snapshot() -> dict:
    through = Product.attribute_options.through
    return {
        "products": sorted(Product.objects.values_list("sku", flat=True)),
        "categories": sorted(Category.objects.values_list("path", flat=True)),
        "warehouses": sorted(Warehouse.objects.values_list("code", flat=True)),
        "attributes": sorted(AttributeDefinition.objects.values_list("slug", flat=True)),
        "options": AttributeOption.objects.count(),
        "links": sorted(through.objects.values_list("product_id", "attributeoption_id")),
        "stock": StockRecord.objects.count(),
    }


def test_reset_deletes_only_generated_rows():
    # The shop's own rows, some with names the old `gen-`/`GEN-` marks would have taken.
    shoes = make_category("Shoes")
    gen_z = make_category("Gen Z", slug="gen-z")
    main_warehouse = make_warehouse("gen-main")
    colour = AttributeDefinition.objects.create(name="Colour", slug="gen-colour")
    red = AttributeOption.objects.create(definition=colour, value="Red", slug="red")
    own = make_product(shoes, name="Trail Runner", sku="GEN-000001")
    youth = make_product(gen_z, name="Youth Tee", sku="BENCH-999999")  # in its own category
    set_stock(own, main_warehouse, 4)
    _link(own, red)
    _link(youth, red)
    generate(200)

    deleted = reset_generated()

    assert deleted == {"products": 200, "categories": 30, "warehouses": 3, "attributes": 3}
    assert set(Product.objects.all()) == {own, youth}
    assert set(Category.objects.all()) == {shoes, gen_z}
    assert list(Warehouse.objects.all()) == [main_warehouse]
    assert StockRecord.objects.count() == 1
    assert list(AttributeDefinition.objects.all()) == [colour]
    assert set(own.attribute_options.all()) == set(youth.attribute_options.all()) == {red}


def test_reset_refuses_while_other_products_use_generated_categories():
    generate(20)
    leaf = Category.objects.filter(depth=2).first()
    make_product(leaf, name="Stranger", sku="SHOP-1")
    before = _snapshot()

    with pytest.raises(GenerationError, match=r"in generated categories: 1 \(SHOP-1\)"):
        reset_generated()
    assert _snapshot() == before


def test_reset_refuses_while_other_products_link_generated_attribute_options():
    # Deleting the generated definition would cascade to its options and silently drop
    # the links of the shop's own products.
    generate(20)
    shoes = make_category("Shoes")
    own = [make_product(shoes, sku=f"SHOP-{n}") for n in range(1, 8)]
    for product in own:
        _link(product, AttributeOption.objects.get(definition__slug="zz-bench-colour", slug="red"))
    before = _snapshot()

    with pytest.raises(GenerationError) as error:
        reset_generated()

    message = str(error.value)
    assert "nothing was deleted" in message
    assert (
        "linked to generated attribute options: 7 (SHOP-1, SHOP-2, SHOP-3, SHOP-4, SHOP-5 "
        "and 2 more)" in message
    )
    assert "generated categories" not in message
    assert _snapshot() == before
    assert all(product.attribute_options.count() == 1 for product in own)


def test_reset_refuses_while_other_products_have_stock_in_generated_warehouses():
    generate(20)
    own = make_product(make_category("Shoes"), sku="SHOP-1")
    set_stock(own, Warehouse.objects.get(code="zz-bench-wh-1"), 3)
    before = _snapshot()

    with pytest.raises(GenerationError, match=r"stock in generated warehouses: 1 \(SHOP-1\)"):
        reset_generated()
    assert _snapshot() == before


def test_command_line_reset_refusal_is_an_error_and_deletes_nothing(capsys):
    generate(20)
    option = AttributeOption.objects.get(definition__slug="zz-bench-size", slug="m")
    _link(make_product(make_category("Shoes"), sku="SHOP-1"), option)
    before = _snapshot()

    assert main(["--reset", "--products", "10"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: Refusing to reset, nothing was deleted")
    assert "SHOP-1" in captured.err
    assert _snapshot() == before


def test_command_line_resets_then_generates(capsys):
    generate(30)

    assert main(["--products", "40", "--categories", "20", "--reset"]) == 0

    output = capsys.readouterr().out
    assert "Deleted 30 products" in output
    assert "products 40/40" in output
    assert "Generated 40 products, 20 categories, 3 warehouses" in output
    assert Product.objects.count() == 40


def test_command_line_reset_alone_only_deletes(capsys):
    generate(30)

    assert main(["--reset"]) == 0

    assert not Product.objects.exists()
    assert not Category.objects.exists()


# Variants (--variants N)


def test_variants_give_each_product_one_to_n_variants_with_their_own_stock():
    report = generate(300, variants=8)

    from commerce.catalog.models import ProductVariant

    counts = Counter(
        ProductVariant.objects.values_list("product_id", flat=True).order_by()
    ).values()
    assert min(counts) == 1 and max(counts) == 8
    assert len(set(counts)) == 8  # every count from 1 to 8 occurs among 300 products
    assert report.variants == ProductVariant.objects.count() == sum(counts)
    # A product with one variant has its default variant: its SKU, no options.
    single = ProductVariant.objects.filter(option_key="")
    assert all(v.sku == v.product.sku for v in single.select_related("product"))
    # The others: unique option combinations, labelled, with the product's variant attributes.
    several = ProductVariant.objects.exclude(option_key="").select_related("product")
    assert several.exists()
    for variant in several[:200]:
        assert variant.sku.startswith(variant.product.sku + "-")
        assert variant.options.count() == len(variant.option_key.split("."))
        assert variant.options_label.startswith(("Size: ", "Colour: "))
        assert set(variant.product.variant_attributes.all()) == {
            o.definition for v in variant.product.variants.all() for o in v.options.all()
        }
    # Stock is per variant and belongs to the variant's product.
    assert not StockRecord.objects.exclude(product_id=models_F("variant__product_id")).exists()
    assert StockRecord.objects.filter(variant__in=several).exists()
    # Some products' largest size costs 10 % more (in whole cents, rounded down).
    dearer = several.filter(price__isnull=False)
    assert dearer.exists()
    for variant in dearer:
        cents = int(variant.product.price * 100)
        assert variant.price * 100 == cents + cents // 10


def models_F(name):
    from django.db.models import F

    return F(name)


def test_without_variants_the_catalog_is_the_one_drawn_before():
    generate(60)
    before = list(Product.objects.order_by("sku").values_list("sku", "name", "price"))
    reset_generated()
    generate(60, variants=8)
    after = list(Product.objects.order_by("sku").values_list("sku", "name", "price"))

    assert after == before


def test_reset_deletes_generated_variants_with_their_options():
    from commerce.catalog.models import ProductVariant

    generate(100, variants=8)

    deleted = reset_generated()

    assert deleted["products"] == 100
    assert not ProductVariant.objects.exists()
    assert not ProductVariant.options.through.objects.exists()
