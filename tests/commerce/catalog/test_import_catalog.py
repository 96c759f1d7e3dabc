import json
import threading
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

import commerce.catalog.importing as importing
from commerce.catalog.importing import (
    CatalogImportError,
    import_catalog_document,
    load_catalog_file,
)
from commerce.catalog.importing import images as images_module
from commerce.catalog.management.commands import import_catalog as import_catalog_command
from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductImage,
)
from commerce.stock.models import StockRecord, Warehouse
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = pytest.mark.django_db

Image = get_image_model()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def draw_png(path, colour="#2b6cb0", size=(16, 16)):
    """A real PNG on disk, drawn with Pillow (like tests/fixtures/images.py, but a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, colour).save(path, format="PNG")
    return path


def write_json(folder, document, name="catalog.json"):
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def write_csv(folder, text, name="products.csv"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(path):
    stdout, stderr = StringIO(), StringIO()
    call_command("import_catalog", str(path), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def refused_import(path):
    """Runs a refused import; returns the CommandError message and the problem lines."""
    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_catalog", str(path), stdout=stdout, stderr=stderr)
    return str(error.value), stderr.getvalue().splitlines()


def database_counts():
    models = [
        Product,
        Category,
        AttributeDefinition,
        AttributeOption,
        Warehouse,
        StockRecord,
        ProductImage,
        Image,
        Revision,
    ]
    return {model.__name__: model.objects.count() for model in models}


def stock_of(product):
    return dict(
        StockRecord.objects.filter(product=product).values_list("warehouse__code", "quantity")
    )


def gallery_of(product):
    return [
        (image.image.title, image.alt_text, image.sort_order)
        for image in ProductImage.objects.filter(product=product).order_by("sort_order")
    ]


def options_of(product):
    return sorted(
        f"{option.definition.slug}={option.slug}"
        for option in Product.objects.get(pk=product.pk).attribute_options.all()
    )


def full_document():
    return {
        "warehouses": [
            {"code": "central", "name": "Central warehouse", "priority": 1, "active": True},
            {"code": "north", "name": "North", "priority": 5},
        ],
        "attributes": [
            {
                "slug": "colour",
                "name": "Colour",
                "filterable": True,
                "shown_on_cards": True,
                "position": 0,
                "options": [{"slug": "red", "value": "Red"}, {"slug": "blue", "value": "Blue"}],
            },
            {"slug": "size", "name": "Size", "position": 1, "options": [{"slug": "m"}]},
        ],
        "categories": [
            {"path": "clothing", "name": "Clothing", "position": 0, "active": True},
            {
                "path": "clothing/shirts",
                "name": "Shirts",
                "description": "Tops with sleeves.",
                "image": "images/shirts.png",
            },
            {"path": "clothing/shirts/linen"},
        ],
        "products": [
            {
                "sku": "TS-001",
                "name": "Linen shirt",
                "slug": "linen-shirt",
                "category": "clothing/shirts",
                "status": "active",
                "price": "49.90",
                "compare_at_price": "59.90",
                "description": "<p>Breathable linen.</p>",
                "attributes": {"colour": ["red", "blue"], "size": ["m"]},
                "images": [
                    {"path": "images/ts-001.png", "alt": "Linen shirt, front"},
                    {"path": "images/ts-001-back.png", "alt": "Linen shirt, back"},
                ],
                "stock": {"central": 12, "north": 0},
            },
            {
                "sku": "TS-002",
                "name": "Linen shirt, sand",
                "category": "clothing/shirts/linen",
                "status": "disabled",
                "price": 39,
                "stock": {"north": 3},
            },
        ],
    }


def draw_full_document_images(folder):
    draw_png(folder / "images" / "shirts.png", "#aa0000")
    draw_png(folder / "images" / "ts-001.png", "#00aa00")
    draw_png(folder / "images" / "ts-001-back.png", "#0000aa")


# Good JSON


def test_json_import_creates_the_whole_catalog(media, tmp_path):
    draw_full_document_images(tmp_path)
    path = write_json(tmp_path, full_document())

    stdout, stderr = run_import(path)

    assert stderr == ""
    assert stdout.splitlines()[-1].startswith(
        "Imported 2 products (2 new, 0 updated), 3 categories, 2 attributes, 2 warehouses in "
    )

    central, north = Warehouse.objects.order_by("priority")
    assert (central.code, central.name, central.priority, central.is_active) == (
        "central",
        "Central warehouse",
        1,
        True,
    )
    assert (north.code, north.name, north.priority, north.is_active) == ("north", "North", 5, True)

    colour = AttributeDefinition.objects.get(slug="colour")
    assert (colour.name, colour.is_filterable, colour.is_shown_on_cards, colour.position) == (
        "Colour",
        True,
        True,
        0,
    )
    assert list(colour.options.order_by("sort_order").values_list("slug", "value")) == [
        ("red", "Red"),
        ("blue", "Blue"),
    ]
    size = AttributeDefinition.objects.get(slug="size")
    assert list(size.options.values_list("slug", "value")) == [("m", "M")]

    assert list(Category.objects.order_by("path").values_list("path", "name", "depth")) == [
        ("clothing", "Clothing", 0),
        ("clothing/shirts", "Shirts", 1),
        ("clothing/shirts/linen", "Linen", 2),
    ]
    shirts = Category.objects.get(path="clothing/shirts")
    assert shirts.parent == Category.objects.get(path="clothing")
    assert shirts.description == "Tops with sleeves."
    assert shirts.image.title == "Shirts"
    assert (shirts.image.width, shirts.image.height) == (16, 16)

    shirt = Product.objects.get(sku="TS-001")
    assert (shirt.name, shirt.slug, shirt.category, shirt.status) == (
        "Linen shirt",
        "linen-shirt",
        shirts,
        "active",
    )
    assert (shirt.price, shirt.compare_at_price) == (Decimal("49.90"), Decimal("59.90"))
    assert shirt.description == "<p>Breathable linen.</p>"
    assert shirt.live is True
    assert shirt.has_unpublished_changes is False
    assert options_of(shirt) == ["colour=blue", "colour=red", "size=m"]
    assert gallery_of(shirt) == [
        ("Linen shirt, front", "Linen shirt, front", 0),
        ("Linen shirt, back", "Linen shirt, back", 1),
    ]
    assert stock_of(shirt) == {"central": 12, "north": 0}

    sand = Product.objects.get(sku="TS-002")
    assert (sand.slug, sand.category.path, sand.status, sand.price, sand.compare_at_price) == (
        "linen-shirt-sand",
        "clothing/shirts/linen",
        "disabled",
        Decimal("39.00"),
        None,
    )
    assert gallery_of(sand) == []
    assert options_of(sand) == []
    assert stock_of(sand) == {"north": 3}
    assert Image.objects.count() == 3


def test_imported_products_are_published_through_a_revision(media, tmp_path):
    draw_full_document_images(tmp_path)
    run_import(write_json(tmp_path, full_document()))

    shirt = Product.objects.get(sku="TS-001")
    assert shirt.live_revision == shirt.latest_revision
    assert shirt.first_published_at is not None
    content = shirt.live_revision.content
    assert (content["price"], content["compare_at_price"]) == ("49.90", "59.90")
    assert [image["alt_text"] for image in content["images"]] == [
        "Linen shirt, front",
        "Linen shirt, back",
    ]
    assert "stock_records" not in content
    front = shirt.images.get(sort_order=0).image
    assert ReferenceIndex.get_references_to(front).filter(object_id=str(shirt.pk)).exists()
    shirts = Category.objects.get(path="clothing/shirts")
    assert ReferenceIndex.get_references_to(shirts).filter(object_id=str(shirt.pk)).exists()
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(shirt.pk)).values_list("action", flat=True)
    )
    assert actions == {"wagtail.create", "wagtail.publish"}


def test_reimport_updates_by_sku_without_duplicating_products_or_images(media, tmp_path):
    draw_full_document_images(tmp_path)
    document = full_document()
    run_import(write_json(tmp_path, document))
    counts = database_counts()

    document["products"][0]["price"] = "44.50"
    document["products"][0]["stock"] = {"central": 7}
    document["categories"][1]["name"] = "Shirts and blouses"
    document["attributes"][0]["options"][0]["value"] = "Crimson"
    stdout, _ = run_import(write_json(tmp_path, document))

    assert "Imported 2 products (0 new, 2 updated), 3 categories" in stdout
    after = database_counts()
    assert after["Revision"] == counts["Revision"] + 2
    assert {name: count for name, count in after.items() if name != "Revision"} == {
        name: count for name, count in counts.items() if name != "Revision"
    }
    shirt = Product.objects.get(sku="TS-001")
    assert shirt.price == Decimal("44.50")
    assert shirt.live_revision.content["price"] == "44.50"
    assert gallery_of(shirt) == [
        ("Linen shirt, front", "Linen shirt, front", 0),
        ("Linen shirt, back", "Linen shirt, back", 1),
    ]
    assert stock_of(shirt) == {"central": 7, "north": 0}
    assert Category.objects.get(path="clothing/shirts").name == "Shirts and blouses"
    assert AttributeOption.objects.get(definition__slug="colour", slug="red").value == "Crimson"


def test_an_update_changes_only_the_fields_given(media, tmp_path, image_factory):
    shoes = make_category("Shoes")
    main = make_warehouse("main")
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    red = AttributeOption.objects.create(definition=colour, slug="red", value="Red")
    product = make_product(
        shoes,
        name="Trail Runner",
        sku="TR-1",
        slug="trail-runner",
        price="89.90",
        compare_at_price=Decimal("99.00"),
        description="<p>Grippy.</p>",
    )
    product.attribute_options.set([red])
    product.images = [ProductImage(image=image_factory("Side"), alt_text="Side view", sort_order=0)]
    product.save()
    set_stock(product, main, 12)

    report = import_catalog_document(
        {"products": [{"sku": "TR-1", "price": "79.90"}]}, base_dir=tmp_path
    )

    assert (report.products_created, report.products_updated) == (0, 1)
    product = Product.objects.get(sku="TR-1")
    assert product.price == Decimal("79.90")
    assert (product.name, product.slug, product.category, product.status) == (
        "Trail Runner",
        "trail-runner",
        shoes,
        "active",
    )
    assert product.compare_at_price == Decimal("99.00")
    assert product.description == "<p>Grippy.</p>"
    assert product.live is True
    assert options_of(product) == ["colour=red"]
    assert gallery_of(product) == [("Side", "Side view", 0)]
    assert stock_of(product) == {"main": 12}


def test_a_new_product_without_a_slug_gets_one_from_its_name(tmp_path):
    make_category("Shoes")
    make_product(Category.objects.get(), name="Runner", slug="runner", sku="OLD-1")

    import_catalog_document(
        {
            "products": [
                {"sku": "NEW-1", "name": "Runner", "category": "shoes", "price": "10"},
                {"sku": "NEW-2", "name": "Walker Deluxe", "category": "shoes", "price": "10"},
            ]
        },
        base_dir=tmp_path,
    )

    assert Product.objects.get(sku="NEW-1").slug == "runner-new-1"
    assert Product.objects.get(sku="NEW-2").slug == "walker-deluxe"


def test_the_same_picture_is_stored_once(media, tmp_path):
    draw_png(tmp_path / "a.png", "#123456")
    draw_png(tmp_path / "copy-of-a.png", "#123456")
    make_category("Shoes")
    document = {
        "products": [
            {"sku": "A", "name": "A", "category": "shoes", "price": "1", "images": ["a.png"]},
            {"sku": "B", "name": "B", "category": "shoes", "price": "1", "images": ["a.png"]},
            {
                "sku": "C",
                "name": "C",
                "category": "shoes",
                "price": "1",
                "images": ["copy-of-a.png"],
            },
        ]
    }

    first = import_catalog_document(document, base_dir=tmp_path)
    second = import_catalog_document(document, base_dir=tmp_path)

    assert (first.images_created, first.images_reused) == (1, 0)
    assert (second.images_created, second.images_reused) == (0, 1)
    assert Image.objects.count() == 1
    image = Image.objects.get()
    assert image.title == "A"
    assert image.file_hash == image.get_file_hash()
    assert set(ProductImage.objects.values_list("image_id", flat=True)) == {image.pk}
    assert ProductImage.objects.count() == 3


def test_images_replace_the_gallery_when_given(media, tmp_path):
    draw_png(tmp_path / "one.png", "#111111")
    draw_png(tmp_path / "two.png", "#222222")
    make_category("Shoes")
    base = {"sku": "A", "name": "Alpha", "category": "shoes", "price": "1"}
    import_catalog_document(
        {"products": [{**base, "images": ["one.png", "two.png"]}]}, base_dir=tmp_path
    )

    import_catalog_document(
        {"products": [{"sku": "A", "images": [{"path": "two.png", "alt": "Second"}]}]},
        base_dir=tmp_path,
    )

    assert gallery_of(Product.objects.get(sku="A")) == [("Alpha", "Second", 0)]
    assert ProductImage.objects.count() == 1
    assert Image.objects.count() == 2

    draw_png(tmp_path / "three.png", "#333333")
    import_catalog_document(
        {"products": [{"sku": "A", "images": ["three.png"]}]}, base_dir=tmp_path
    )
    assert gallery_of(Product.objects.get(sku="A")) == [("Alpha", "", 0)]


def test_attribute_options_are_added_or_renamed_never_removed(tmp_path):
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    AttributeOption.objects.create(definition=colour, slug="red", value="Red", sort_order=0)
    AttributeOption.objects.create(definition=colour, slug="blue", value="Blue", sort_order=1)

    import_catalog_document(
        {
            "attributes": [
                {
                    "slug": "colour",
                    "options": [
                        {"slug": "blue", "value": "Navy"},
                        {"slug": "green", "value": "Green"},
                    ],
                }
            ]
        },
        base_dir=tmp_path,
    )

    colour.refresh_from_db()
    assert colour.name == "Colour"
    assert list(colour.options.order_by("sort_order").values_list("slug", "value")) == [
        ("red", "Red"),
        ("blue", "Navy"),
        ("green", "Green"),
    ]


def test_product_attributes_replace_the_products_options(tmp_path):
    shoes = make_category("Shoes")
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    red = AttributeOption.objects.create(definition=colour, slug="red", value="Red")
    AttributeOption.objects.create(definition=colour, slug="blue", value="Blue")
    product = make_product(shoes, sku="A")
    product.attribute_options.set([red])
    product.save()

    import_catalog_document(
        {"products": [{"sku": "A", "attributes": {"colour": ["blue"]}}]}, base_dir=tmp_path
    )
    assert options_of(product) == ["colour=blue"]

    import_catalog_document({"products": [{"sku": "A", "attributes": {}}]}, base_dir=tmp_path)
    assert options_of(product) == []


def test_float_prices_are_read_exactly(tmp_path):
    make_category("Shoes")

    import_catalog_document(
        {"products": [{"sku": "A", "name": "A", "category": "shoes", "price": 49.9}]},
        base_dir=tmp_path,
    )
    with pytest.raises(CatalogImportError) as error:
        import_catalog_document(
            {"products": [{"sku": "B", "name": "B", "category": "shoes", "price": 0.1 + 0.2}]},
            base_dir=tmp_path,
        )

    assert Product.objects.get(sku="A").price == Decimal("49.90")
    assert [str(problem) for problem in error.value.problems] == [
        "products[0].price: 0.30000000000000004 has more than 2 decimals"
    ]
    assert not Product.objects.filter(sku="B").exists()


def test_a_price_above_the_stored_compare_at_price_is_refused(tmp_path):
    product = make_product(make_category("Shoes"), sku="A", compare_at_price=Decimal("20.00"))

    with pytest.raises(CatalogImportError) as error:
        import_catalog_document({"products": [{"sku": "A", "price": "25"}]}, base_dir=tmp_path)
    import_catalog_document(
        {"products": [{"sku": "A", "price": "25", "compare_at_price": None}]}, base_dir=tmp_path
    )

    assert [str(problem) for problem in error.value.problems] == [
        "products[0].price: 25.00 is not below the current compare-at price 20.00; "
        "give a higher compare_at_price or an empty one"
    ]
    product.refresh_from_db()
    assert (product.price, product.compare_at_price) == (Decimal("25.00"), None)


def test_progress_is_reported_per_product(tmp_path):
    make_category("Shoes")
    calls = []

    import_catalog_document(
        {
            "products": [
                {"sku": f"P{number}", "name": f"P{number}", "category": "shoes", "price": "1"}
                for number in range(3)
            ]
        },
        base_dir=tmp_path,
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_the_command_prints_progress_and_a_summary(tmp_path):
    make_category("Shoes")
    document = {
        "products": [
            {"sku": f"P{number}", "name": f"P{number}", "category": "shoes", "price": "1"}
            for number in range(5)
        ]
    }
    stdout = StringIO()

    call_command(
        "import_catalog",
        str(write_json(tmp_path, document)),
        "--progress-every=2",
        stdout=stdout,
        stderr=StringIO(),
    )

    lines = stdout.getvalue().splitlines()
    assert lines[:3] == ["  2/5 products", "  4/5 products", "  5/5 products"]
    assert lines[3].startswith(
        "Imported 5 products (5 new, 0 updated), 0 categories, 0 attributes, 0 warehouses in "
    )
    assert lines[3].endswith("s")
    assert len(lines) == 4


def test_the_command_imports_through_import_catalog_file(media, tmp_path, monkeypatch):
    """Image paths are relative to the file's folder, not to the working directory."""
    make_category("Shoes")
    folder = tmp_path / "export"
    draw_png(folder / "images" / "a.png")
    write_json(
        folder,
        {
            "products": [
                {"sku": "A", "name": "Alpha", "category": "shoes", "price": "1",
                 "images": [{"path": "images/a.png", "alt": "Alpha, front"}]}
            ]
        },
    )  # fmt: skip
    calls = []
    import_catalog_file = import_catalog_command.import_catalog_file

    def recording_import_catalog_file(path, **kwargs):
        calls.append(path)
        return import_catalog_file(path, **kwargs)

    monkeypatch.setattr(
        import_catalog_command, "import_catalog_file", recording_import_catalog_file
    )
    monkeypatch.chdir(tmp_path)

    stdout, stderr = run_import(Path("export") / "catalog.json")

    assert calls == [Path("export") / "catalog.json"]
    assert stderr == ""
    assert "Imported 1 product (1 new, 0 updated)" in stdout
    assert gallery_of(Product.objects.get(sku="A")) == [("Alpha, front", "Alpha, front", 0)]


# CSV


def test_csv_import_reads_the_cell_syntax(media, tmp_path):
    make_category("Clothing")
    make_category("Shirts", parent=Category.objects.get(slug="clothing"))
    make_warehouse("central", priority=1)
    make_warehouse("north", priority=2)
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    size = AttributeDefinition.objects.create(name="Size", slug="size")
    for definition, slug in [(colour, "red"), (colour, "blue"), (size, "m")]:
        AttributeOption.objects.create(definition=definition, slug=slug, value=slug.upper())
    draw_png(tmp_path / "images" / "ts-001.png", "#00aa00")
    draw_png(tmp_path / "images" / "ts-001-back.png", "#0000aa")
    path = write_csv(
        tmp_path,
        "sku,name,category,status,price,compare_at_price,description,attributes,images,stock\n"
        'TS-001,Linen shirt,clothing/shirts,active,49.90,59.90,"<p>Linen, light.</p>",'
        '"colour=red,blue; size=m",'
        '"images/ts-001.png|Linen shirt, front; images/ts-001-back.png",'
        '"central=12; north=0"\n'
        "TS-002,Plain shirt,clothing/shirts,hidden,19.00,,,,,north=4\n",
    )

    stdout, _ = run_import(path)

    assert "Imported 2 products (2 new, 0 updated), 0 categories" in stdout
    shirt = Product.objects.get(sku="TS-001")
    assert (shirt.name, shirt.slug, shirt.category.path, shirt.status) == (
        "Linen shirt",
        "linen-shirt",
        "clothing/shirts",
        "active",
    )
    assert (shirt.price, shirt.compare_at_price) == (Decimal("49.90"), Decimal("59.90"))
    assert shirt.description == "<p>Linen, light.</p>"
    assert options_of(shirt) == ["colour=blue", "colour=red", "size=m"]
    assert gallery_of(shirt) == [
        ("Linen shirt, front", "Linen shirt, front", 0),
        ("Linen shirt", "", 1),
    ]
    assert stock_of(shirt) == {"central": 12, "north": 0}
    plain = Product.objects.get(sku="TS-002")
    assert (plain.status, plain.price, plain.compare_at_price, plain.description) == (
        "hidden",
        Decimal("19.00"),
        None,
        "",
    )
    assert stock_of(plain) == {"north": 4}


def test_csv_empty_cells_keep_values_but_an_empty_compare_at_price_clears_it(tmp_path):
    shoes = make_category("Shoes")
    main = make_warehouse("main")
    product = make_product(
        shoes, name="Runner", sku="R-1", compare_at_price=Decimal("30.00"), description="<p>x</p>"
    )
    set_stock(product, main, 5)

    run_import(
        write_csv(tmp_path, "sku,name,price,compare_at_price,description,stock\nR-1,,12.00,,,\n")
    )

    product = Product.objects.get(sku="R-1")
    assert (product.name, product.price, product.compare_at_price, product.description) == (
        "Runner",
        Decimal("12.00"),
        None,
        "<p>x</p>",
    )
    assert stock_of(product) == {"main": 5}


def test_load_catalog_file_reads_csv_rows_with_their_lines(tmp_path):
    path = write_csv(tmp_path, '\ufeffsku,price,description\nA,1.00,"two\nlines"\n\nB,2.00,\n')

    document = load_catalog_file(path)

    assert document == {
        "products": [
            {"sku": "A", "price": "1.00", "description": "two\nlines"},
            {"sku": "B", "price": "2.00"},
        ]
    }
    assert document.product_lines == [2, 5]


# Bad files: every problem reported with its place, nothing imported


def test_bad_json_rows_are_all_reported_and_nothing_is_imported(media, tmp_path):
    make_category("Shoes")
    make_warehouse("main")
    draw_png(tmp_path / "ok.png")
    (tmp_path / "notes.png").write_text("not a picture")
    document = {
        "warehouses": [{"code": "north", "priority": -1}],
        "attributes": [{"slug": "colour", "options": [{"slug": "red"}, {"slug": "red"}]}],
        "categories": [
            {"path": "boots/winter"},
            {"path": "shoes/trail", "name": "Trail", "image": "ok.png"},
        ],
        "products": [
            {"sku": "GOOD", "name": "Good", "category": "shoes/trail", "price": "10"},
            {"sku": "A", "name": "A", "category": "shoes", "price": "12.345"},
            {"sku": "B", "name": "B", "category": "shoes", "price": "-1"},
            {"sku": "C", "name": "C", "category": "shoes", "price": "abc"},
            {"sku": "D", "name": "D", "category": "shoes", "price": "10", "compare_at_price": 10},
            {"sku": "E", "name": "E", "category": "shoes", "price": "10", "status": "archived"},
            {"sku": "GOOD", "name": "Twice", "category": "shoes", "price": "10"},
            {"sku": "F", "name": "F", "category": "hats", "price": "10"},
            {"sku": "G", "name": "G", "category": "shoes", "price": "10", "stock": {"south": 1}},
            {
                "sku": "H",
                "name": "H",
                "category": "shoes",
                "price": "10",
                "attributes": {"size": ["m"], "colour": ["green"]},
            },
            {
                "sku": "I",
                "name": "I",
                "category": "shoes",
                "price": "10",
                "images": ["ok.png", "missing.png", {"path": "notes.png", "alt": "Notes"}],
            },
            {"sku": "J", "prise": "10"},
            "not an object",
        ],
    }
    before = database_counts()

    message, problems = refused_import(write_json(tmp_path, document))

    assert message == f"{tmp_path / 'catalog.json'}: 20 problems, nothing was imported."
    assert problems == [
        "warehouses[0].priority: -1 is negative",
        "attributes[0].options[1].slug: option 'red' is given twice",
        "categories[0].path: parent category 'boots' is not in the database or earlier in the file",
        "products[1].price: 12.345 has more than 2 decimals",
        "products[2].price: -1 is negative",
        "products[3].price: 'abc' is not a number",
        "products[4].compare_at_price: 10.00 must be higher than the price 10.00",
        "products[5].status: 'archived' is not one of active, disabled, hidden",
        "products[6].sku: SKU 'GOOD' is also at products[0]",
        "products[7].category: unknown category 'hats'",
        "products[8].stock.south: unknown warehouse 'south'",
        "products[9].attributes.size: unknown attribute 'size'",
        "products[9].attributes.colour: unknown option 'green' of 'colour'",
        f"products[10].images[1].path: no image file at {tmp_path / 'missing.png'}",
        "products[10].images[2].path: notes.png is not an image Pillow can read",
        "products[11].prise: unknown field",
        "products[11].name: is required for a new product",
        "products[11].price: is required for a new product",
        "products[11].category: is required for a new product",
        "products[12]: must be an object",
    ]
    assert database_counts() == before
    assert not (media / "original_images").exists()


def test_bad_csv_rows_are_reported_by_line_and_nothing_is_imported(tmp_path):
    make_category("Shoes")
    make_warehouse("main")
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    AttributeOption.objects.create(definition=colour, slug="red", value="Red")
    path = write_csv(
        tmp_path,
        "sku,name,category,price,compare_at_price,status,attributes,images,stock\n"
        "OK-1,Fine,shoes,10.00,,,colour=red,,main=1\n"
        "BAD-1,Too precise,shoes,10.001,,,,,\n"
        "BAD-2,Cheaper before,shoes,10.00,9.99,,,,\n"
        "BAD-3,Odd status,shoes,10.00,,archived,,,\n"
        "\n"
        "BAD-4,Bad cells,shoes,10.00,,,colour red,missing.png|Alt,main=-2; south=1\n"
        "OK-1,Again,shoes,10.00,,,,,\n"
        "BAD-5,,,,,,,,\n"
        'BAD-6,"Quoted\nname",boots,1.00,,,colour=blue,,\n',
    )
    before = database_counts()

    message, problems = refused_import(path)

    assert message == f"{path}: 13 problems, nothing was imported."
    assert problems == [
        "line 3, price: 10.001 has more than 2 decimals",
        "line 4, compare_at_price: 9.99 must be higher than the price 10.00",
        "line 5, status: 'archived' is not one of active, disabled, hidden",
        "line 7, attributes: 'colour red' is not written definition=option,option",
        f"line 7, images #1: no image file at {tmp_path / 'missing.png'}",
        "line 7, stock (main): '-2' is not a whole number",
        "line 7, stock (south): unknown warehouse 'south'",
        "line 8, sku: SKU 'OK-1' is also at line 2",
        "line 9, name: is required for a new product",
        "line 9, price: is required for a new product",
        "line 9, category: is required for a new product",
        "line 10, attributes (colour): unknown option 'blue' of 'colour'",
        "line 10, category: unknown category 'boots'",
    ]
    assert database_counts() == before


def test_invalid_json_is_a_clear_command_error(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text('{"products": [\n  {"sku": "A",}\n]}', encoding="utf-8")

    message, problems = refused_import(path)

    assert message == f"{path}: 1 problem, nothing was imported."
    assert problems == [
        "line 2, column 15: not valid JSON: Expecting property name enclosed in double quotes"
    ]


def test_a_json_document_must_be_an_object_of_known_sections(tmp_path):
    list_path = tmp_path / "list.json"
    list_path.write_text("[]", encoding="utf-8")

    _, list_problems = refused_import(list_path)
    _, section_problems = refused_import(
        write_json(tmp_path, {"product": [], "categories": {"path": "x"}})
    )

    assert list_problems == [
        "document: must be a JSON object of sections (products, categories...)"
    ]
    assert section_problems == [
        "product: unknown section; known: warehouses, attributes, categories, products",
        "categories: must be a list",
    ]


def test_an_unknown_extension_or_a_missing_file_is_a_clear_command_error(tmp_path):
    xml = tmp_path / "catalog.xml"
    xml.write_text("<catalog/>", encoding="utf-8")

    xml_message, xml_problems = refused_import(xml)
    missing_message, missing_problems = refused_import(tmp_path / "nowhere.json")

    assert xml_message == f"{xml}: 1 problem, nothing was imported."
    assert xml_problems == [f"{xml}: unknown file type '.xml': use .json or .csv"]
    assert missing_problems == [f"{tmp_path / 'nowhere.json'}: no such file"]
    assert missing_message == f"{tmp_path / 'nowhere.json'}: 1 problem, nothing was imported."


def test_csv_header_problems_are_reported_before_any_row(tmp_path):
    path = write_csv(tmp_path, "name,prise,name\nShirt,10,Shirt\n")

    _, problems = refused_import(path)

    assert problems == [
        "line 1: unknown column 'prise' (column 2); known: sku, name, slug, category, status, "
        "price, compare_at_price, description, attributes, images, stock, variant_sku, "
        "variant_options, variant_price, variant_compare_at_price, variant_stock, variant_image",
        "line 1: column 'name' appears twice",
        "line 1: a sku column is required",
    ]


def test_a_row_with_more_cells_than_columns_is_refused(tmp_path):
    _, problems = refused_import(write_csv(tmp_path, "sku,price\nA,1.00\nB,2,00\n"))

    assert problems == ["line 3: 3 cells for 2 columns"]


def test_a_database_error_while_writing_rolls_everything_back(media, tmp_path, monkeypatch):
    draw_full_document_images(tmp_path)
    before = database_counts()

    def failing_upsert(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(StockRecord.objects, "bulk_create", failing_upsert)
    with pytest.raises(RuntimeError, match="disk full"):
        import_catalog_document(full_document(), base_dir=tmp_path)

    assert database_counts() == before
    assert list((media / "original_images").iterdir()) == []


def test_description_html_is_reduced_to_rich_text(tmp_path):
    make_category("Shoes")

    import_catalog_document(
        {
            "products": [
                {
                    "sku": "A",
                    "name": "A",
                    "category": "shoes",
                    "price": "1",
                    "description": '<p onclick="x()">Soft <b>wool</b><script>alert(1)</script>'
                    '<a href="https://example.com" target="_blank">more</a></p>',
                }
            ]
        },
        base_dir=tmp_path,
    )

    assert Product.objects.get(sku="A").description == (
        '<p>Soft <b>wool</b><a href="https://example.com">more</a></p>'
    )


# Drafts, unpublished products and scheduled changes


def import_warnings(folder, document):
    """Imports a JSON document through the command; the warning lines it printed."""
    stderr = StringIO()
    call_command(
        "import_catalog", str(write_json(folder, document)), stdout=StringIO(), stderr=stderr
    )
    return stderr.getvalue().splitlines()


def scheduled_revisions(product):
    return Revision.objects.for_instance(product).filter(approved_go_live_at__isnull=False)


def test_importing_over_an_unpublished_draft_publishes_and_says_it_is_superseded(tmp_path):
    product = make_product(make_category("Shoes"), sku="A", name="Published name")
    product.name = "Draft name"
    draft = product.save_revision()
    assert Product.objects.get(sku="A").has_unpublished_changes is True

    warnings = import_warnings(tmp_path, {"products": [{"sku": "A", "price": "3.00"}]})

    product = Product.objects.get(sku="A")
    assert (product.live, product.name, product.price, product.has_unpublished_changes) == (
        True,
        "Published name",
        Decimal("3.00"),
        False,
    )
    assert product.live_revision == product.latest_revision != draft
    assert product.live_revision.content["name"] == "Published name"
    draft.refresh_from_db()  # still in the history, unchanged
    assert draft.content["name"] == "Draft name"
    assert warnings == [
        "Warning: A: the import was published over an unpublished draft, which is superseded: "
        "its changes are not live and no longer the latest version (the draft stays in the "
        "product's history)"
    ]


def test_publishing_over_a_scheduled_change_cancels_it_and_says_so(tmp_path):
    make_product(make_category("Shoes"), sku="A", price="10.00")
    product = Product.objects.get(sku="A")  # as the editor loads it, with its live revision
    go_live_at = timezone.now() + timedelta(hours=2)
    product.price, product.go_live_at = Decimal("8.00"), go_live_at
    product.save_revision().publish()  # a live product: the change waits for go_live_at
    assert scheduled_revisions(product).count() == 1

    warnings = import_warnings(tmp_path, {"products": [{"sku": "A", "price": "9.00"}]})

    product = Product.objects.get(sku="A")
    assert (product.live, product.price, product.has_unpublished_changes) == (
        True,
        Decimal("9.00"),
        False,
    )
    assert not scheduled_revisions(product).exists()
    when = timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M")
    assert len(warnings) == 1
    assert warnings[0].startswith("Warning: A: the import was published over an unpublished draft")
    assert warnings[0].endswith(f"; its publication scheduled for {when} is cancelled")


def test_a_product_that_is_not_live_is_updated_as_a_draft_and_stays_unpublished(tmp_path):
    main = make_warehouse("main")
    product = make_product(make_category("Shoes"), sku="A", name="Runner", price="10.00")
    set_stock(product, main, 1)
    product.unpublish()
    revisions = Revision.objects.for_instance(product).count()

    warnings = import_warnings(
        tmp_path, {"products": [{"sku": "A", "price": "12.00", "stock": {"main": 4}}]}
    )

    product = Product.objects.get(sku="A")
    assert (product.live, product.live_revision, product.has_unpublished_changes) == (
        False,
        None,
        True,
    )
    assert (product.name, product.price) == ("Runner", Decimal("12.00"))  # the row, as a draft
    assert Revision.objects.for_instance(product).count() == revisions + 1
    assert product.latest_revision.content["price"] == "12.00"
    assert stock_of(product) == {"main": 4}
    assert not Product.objects.visible().filter(sku="A").exists()
    actions = ModelLogEntry.objects.filter(object_id=str(product.pk)).order_by("pk")
    assert list(actions.values_list("action", flat=True))[-2:] == [
        "wagtail.unpublish",
        "wagtail.edit",
    ]
    assert warnings == [
        "Warning: A: not live, so the import was saved as a draft and not published "
        "(it stays unpublished until staff publish it)"
    ]


def test_an_unpublished_product_is_updated_from_its_latest_draft(tmp_path):
    make_product(make_category("Shoes"), sku="A", name="Runner", price="10.00")
    product = Product.objects.get(sku="A")  # as the editor loads it, with its live revision
    product.name, product.compare_at_price = "Runner, renamed in a draft", Decimal("30.00")
    draft = product.save_revision()
    Product.objects.get(sku="A").unpublish()

    with pytest.raises(CatalogImportError) as error:  # checked against the draft's prices
        import_catalog_document({"products": [{"sku": "A", "price": "35"}]}, base_dir=tmp_path)
    import_catalog_document({"products": [{"sku": "A", "price": "12.00"}]}, base_dir=tmp_path)

    assert [str(problem) for problem in error.value.problems] == [
        "products[0].price: 35.00 is not below the current compare-at price 30.00; "
        "give a higher compare_at_price or an empty one"
    ]
    product = Product.objects.get(sku="A")
    assert (product.live, product.name, product.price, product.compare_at_price) == (
        False,
        "Runner, renamed in a draft",
        Decimal("12.00"),
        Decimal("30.00"),
    )
    assert (product.live_revision, product.has_unpublished_changes) == (None, True)
    content = product.latest_revision.content
    assert (content["name"], content["price"]) == ("Runner, renamed in a draft", "12.00")
    assert product.latest_revision.pk > draft.pk


def test_an_unpublished_product_keeps_its_scheduled_publication_and_is_warned_about(tmp_path):
    product = make_product(make_category("Shoes"), sku="A", price="10.00", live=False)
    go_live_at = timezone.now() + timedelta(days=1)
    product.go_live_at = go_live_at
    product.save()
    scheduled = product.save_revision()
    scheduled.publish()  # not live yet: it goes live at go_live_at

    warnings = import_warnings(tmp_path, {"products": [{"sku": "A", "price": "12.00"}]})

    product = Product.objects.get(sku="A")
    assert (product.live, product.price) == (False, Decimal("12.00"))
    assert list(scheduled_revisions(product)) == [scheduled]
    when = timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M")
    assert warnings == [
        "Warning: A: not live, so the import was saved as a draft and not published "
        "(it stays unpublished until staff publish it); the version scheduled to go live at "
        f"{when} was saved before the import and does not have its changes"
    ]


# One transaction from the checks to the writes


def rename_from_another_connection(pk, name, errors):
    """A staff edit, from its own connection (as another request would)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '20s'")
        Product.objects.filter(pk=pk).update(name=name)
    except Exception as error:  # reported by the test
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_products_are_locked_from_the_checks_to_the_writes(
    root_collection, media, tmp_path, monkeypatch
):
    """A staff edit made after the checks waits for the import and is kept, instead of being
    overwritten by it; image files are read before the transaction."""
    product = make_product(make_category("Shoes"), sku="A", name="Runner", price="10.00")
    draw_png(tmp_path / "a.png")
    inspected_in_a_transaction = []
    inspect = images_module._inspect

    def recording_inspect(path):
        inspected_in_a_transaction.append(connection.in_atomic_block)
        return inspect(path)

    errors, waited = [], []
    staff = threading.Thread(
        target=rename_from_another_connection, args=(product.pk, "Staff name", errors)
    )
    write_plan = importing.write_plan

    def write_plan_after_a_staff_edit(plan, **kwargs):
        staff.start()  # the checks are done; staff save the product now
        staff.join(timeout=0.5)
        waited.append(staff.is_alive())
        return write_plan(plan, **kwargs)

    monkeypatch.setattr(images_module, "_inspect", recording_inspect)
    monkeypatch.setattr(importing, "write_plan", write_plan_after_a_staff_edit)

    import_catalog_document(
        {"products": [{"sku": "A", "price": "12.00", "images": ["a.png"]}]}, base_dir=tmp_path
    )
    staff.join(timeout=30)

    assert inspected_in_a_transaction == [False]
    assert waited == [True]  # the row was locked by the checks
    assert errors == []
    product = Product.objects.get(sku="A")
    assert (product.name, product.price) == ("Staff name", Decimal("12.00"))
    assert gallery_of(product) == [("Runner", "", 0)]


def test_categories_update_by_path_and_may_hang_under_existing_ones(media, tmp_path):
    shoes = make_category("Shoes", description="Old")
    draw_png(tmp_path / "trail.png")

    import_catalog_document(
        {
            "categories": [
                {"path": "shoes", "description": "All shoes.", "active": False},
                {"path": "shoes/trail", "name": "Trail running", "image": "trail.png"},
            ]
        },
        base_dir=tmp_path,
    )
    trail = Category.objects.get(path="shoes/trail")
    assert (trail.name, trail.slug, trail.parent, trail.depth, trail.image.title) == (
        "Trail running",
        "trail",
        shoes,
        1,
        "Trail running",
    )
    shoes.refresh_from_db()
    assert (shoes.name, shoes.description, shoes.is_active) == ("Shoes", "All shoes.", False)

    import_catalog_document(
        {"categories": [{"path": "shoes/trail", "image": None}]}, base_dir=tmp_path
    )
    trail.refresh_from_db()
    assert trail.image is None
    assert Category.objects.count() == 2
