from collections import Counter

import pytest

from bench.generate_catalog import (
    GenerationError,
    generate_catalog,
    level_sizes,
    main,
    reset_generated,
)
from commerce.catalog.models import AttributeDefinition, Category, Product, ProductStatus
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
    assert all(sku.startswith("GEN-") for sku in skus)
    assert Product.objects.filter(live=True, has_unpublished_changes=False).count() == 200


def test_category_tree_is_consistent_and_three_levels_deep():
    generate(200, categories=30)

    categories = list(Category.objects.select_related("parent"))
    assert len(categories) == 30
    assert {category.depth for category in categories} == {0, 1, 2}
    for category in categories:
        assert category.path == category.computed_path()
        assert category.depth == category.path.count("/")
    assert Product.objects.filter(category__isnull=True).count() == 0


def test_level_sizes_add_up():
    for total in (1, 2, 3, 20, 300, 1000):
        assert sum(level_sizes(total)) == total


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
    assert slugs == {"gen-colour", "gen-size", "gen-material"}


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


def test_reset_deletes_only_generated_rows():
    shoes = make_category("Shoes")
    main_warehouse = make_warehouse("main")
    own = make_product(shoes, name="Trail Runner")
    set_stock(own, main_warehouse, 4)
    generate(200)

    deleted = reset_generated()

    assert deleted["products"] == 200
    assert list(Product.objects.all()) == [own]
    assert list(Category.objects.all()) == [shoes]
    assert list(Warehouse.objects.all()) == [main_warehouse]
    assert StockRecord.objects.count() == 1
    assert not AttributeDefinition.objects.exists()


def test_reset_refuses_while_other_products_use_generated_categories():
    generate(20)
    leaf = Category.objects.filter(depth=2).first()
    make_product(leaf, name="Stranger")

    with pytest.raises(GenerationError, match="generated categories"):
        reset_generated()
    assert Product.objects.filter(sku__startswith="GEN-").count() == 20


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
