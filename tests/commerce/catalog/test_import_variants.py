"""import_catalog with `variants` per product: JSON lists and CSV rows grouped by product."""

import json
import re
from decimal import Decimal

import pytest
from PIL import Image as PILImage

from commerce.catalog.models import Product, ProductVariant
from commerce.stock.models import StockRecord
from tests.commerce.catalog.test_import_catalog import (
    database_counts,
    draw_png,
    refused_import,
    run_import,
    write_csv,
    write_json,
)
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_variants,
    make_warehouse,
    set_stock,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    make_category("Shoes")
    make_warehouse("main")
    make_warehouse("north", priority=2)
    make_attribute("Size", ["40", "41", "42"], position=0)
    make_attribute("Colour", ["Navy", "Red"], position=1)


def variants_of(product_sku):
    return [
        (v.sku, v.options_label, v.price, v.compare_at_price)
        for v in ProductVariant.objects.filter(product__sku=product_sku).order_by("position")
    ]


def stock_of(variant_sku) -> dict[str, int]:
    return dict(
        StockRecord.objects.filter(variant__sku=variant_sku).values_list(
            "warehouse__code", "quantity"
        )
    )


def runner(variants, **fields):
    return {
        "sku": "RUN-1",
        "name": "Road runner",
        "category": "shoes",
        "price": "89.90",
        **fields,
        "variants": variants,
    }


def test_json_import_creates_a_product_with_its_variants_stock_and_image(settings, tmp_path, shop):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_png(tmp_path / "images" / "navy.png", "#000080")
    path = write_json(
        tmp_path,
        {
            "products": [
                runner(
                    [
                        {
                            "sku": "RUN-1-40-NAVY",
                            "options": {"size": "40", "colour": "navy"},
                            "stock": {"main": 3, "north": 1},
                            "image": {"path": "images/navy.png", "alt": "Navy runner"},
                        },
                        {
                            "sku": "RUN-1-41-NAVY",
                            "options": {"size": "41", "colour": "navy"},
                            "price": "94.90",
                            "compare_at_price": "99.90",
                            "stock": {"main": 0},
                        },
                    ]
                )
            ]
        },
    )

    stdout, _ = run_import(path)

    assert "Imported 1 product (1 new, 0 updated), 2 variants," in stdout
    assert variants_of("RUN-1") == [
        ("RUN-1-40-NAVY", "Size: 40, Colour: Navy", None, None),
        ("RUN-1-41-NAVY", "Size: 41, Colour: Navy", Decimal("94.90"), Decimal("99.90")),
    ]
    assert stock_of("RUN-1-40-NAVY") == {"main": 3, "north": 1}
    assert stock_of("RUN-1-41-NAVY") == {"main": 0}
    assert ProductVariant.objects.get(sku="RUN-1-40-NAVY").image.title == "Navy runner"
    product = Product.objects.get(sku="RUN-1")
    assert [a.slug for a in product.variant_attributes.order_by("position")] == ["size", "colour"]
    assert product.live and not ProductVariant.objects.filter(sku="RUN-1").exists()


def test_reimport_updates_variants_by_sku_and_removes_the_ones_not_given(tmp_path, shop):
    product = make_product(
        make_category("Boots"), name="Hiker", sku="HIKE", price="120.00", slug="hiker"
    )
    from commerce.catalog.models import AttributeDefinition

    size = AttributeDefinition.objects.get(slug="size")
    made = make_variants(product, [size], ["40", "41"])
    set_stock(made["HIKE-40"], make_warehouse("east"), 5)
    path = write_json(
        tmp_path,
        {
            "products": [
                {
                    "sku": "HIKE",
                    "variants": [
                        {"sku": "HIKE-41", "options": {"size": "41"}, "price": "125.00"},
                        {"sku": "HIKE-42", "options": {"size": "42"}, "stock": {"main": 2}},
                    ],
                }
            ]
        },
    )

    run_import(path)

    assert variants_of("HIKE") == [
        ("HIKE-41", "Size: 41", Decimal("125.00"), None),
        ("HIKE-42", "Size: 42", None, None),
    ]
    assert ProductVariant.objects.get(sku="HIKE-41").pk == made["HIKE-41"].pk  # kept, updated
    assert stock_of("HIKE-42") == {"main": 2}
    assert not StockRecord.objects.filter(variant_id=made["HIKE-40"].pk).exists()


def test_csv_rows_of_one_product_make_its_variants(tmp_path, shop):
    path = write_csv(
        tmp_path,
        "sku,name,category,price,variant_sku,variant_options,variant_price,variant_stock\n"
        "RUN-1,Road runner,shoes,89.90,RUN-1-40,size=40,,main=4; north=1\n"
        "RUN-1,,,,RUN-1-41,size=41,92.50,main=2\n"
        "RUN-1,Road runner,,,RUN-1-42,size=42,,\n"
        "CAP-1,Cap,shoes,15.00,,,,\n",
    )

    stdout, _ = run_import(path)

    assert "Imported 2 products (2 new, 0 updated), 3 variants," in stdout
    assert variants_of("RUN-1") == [
        ("RUN-1-40", "Size: 40", None, None),
        ("RUN-1-41", "Size: 41", Decimal("92.50"), None),
        ("RUN-1-42", "Size: 42", None, None),
    ]
    assert stock_of("RUN-1-40") == {"main": 4, "north": 1}
    assert stock_of("RUN-1-41") == {"main": 2}
    # A product row without variant columns imports as before: one default variant.
    assert variants_of("CAP-1") == [("CAP-1", "", None, None)]


def colour_of(image) -> tuple[int, int, int]:
    """The colour the picture's stored file is drawn in."""
    with image.file.open("rb") as file, PILImage.open(file) as picture:
        return picture.convert("RGB").getpixel((0, 0))


def test_csv_variant_image_and_compare_at_price(settings, tmp_path, shop):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_png(tmp_path / "images" / "navy.png", "#000080")
    draw_png(tmp_path / "images" / "red.png", "#ff0000")
    path = write_csv(
        tmp_path,
        "sku,name,category,price,images,variant_sku,variant_options,variant_price,"
        "variant_compare_at_price,variant_image\n"
        "RUN-1,Road runner,shoes,89.90,images/navy.png|Navy; images/red.png|Red,"
        "RUN-1-40-NAVY,size=40; colour=navy,,,images/navy.png\n"
        "RUN-1,,,,,RUN-1-40-RED,size=40; colour=red,79.90,99.90,images/red.png\n"
        "RUN-1,,,,,RUN-1-41-NAVY,size=41; colour=navy,,,\n",
    )

    run_import(path)

    assert variants_of("RUN-1") == [
        ("RUN-1-40-NAVY", "Size: 40, Colour: Navy", None, None),
        ("RUN-1-40-RED", "Size: 40, Colour: Red", Decimal("79.90"), Decimal("99.90")),
        ("RUN-1-41-NAVY", "Size: 41, Colour: Navy", None, None),
    ]
    images = {
        variant.sku: variant.image
        for variant in ProductVariant.objects.filter(product__sku="RUN-1").select_related("image")
    }
    assert colour_of(images["RUN-1-40-NAVY"]) == (0, 0, 128)
    assert colour_of(images["RUN-1-40-RED"]) == (255, 0, 0)
    assert images["RUN-1-41-NAVY"] is None
    # The colours' pictures are the gallery's own (one library image per file), so the product
    # page can show the chosen colour's slide.
    gallery = list(Product.objects.get(sku="RUN-1").images.values_list("image_id", flat=True))
    assert [images["RUN-1-40-NAVY"].pk, images["RUN-1-40-RED"].pk] == gallery


def gallery_of(product_sku) -> list[tuple[str, tuple[int, int, int]]]:
    """(library title, colour drawn) of the product's gallery pictures, in order."""
    pictures = Product.objects.get(sku=product_sku).images.order_by("sort_order")
    return [(p.image.title, colour_of(p.image)) for p in pictures.select_related("image")]


def slides_on_the_page(client, product_sku) -> dict[str, int | None]:
    """The gallery slide (1-based) the product page shows when each variant is chosen."""
    response = client.get(Product.objects.get(sku=product_sku).get_absolute_url())
    data = re.search(
        r'<script id="variant-data" type="application/json">(.*?)</script>', response.text, re.S
    ).group(1)
    return {variant["sku"]: variant["slide"] for variant in json.loads(data)["variants"]}


FRONT, NAVY, RED = (221, 221, 221), (0, 0, 128), (255, 0, 0)


def draw_runner_pictures(folder):
    draw_png(folder / "images" / "front.png", "#dddddd")
    draw_png(folder / "images" / "navy.png", "#000080")
    draw_png(folder / "images" / "red.png", "#ff0000")


def test_json_variant_pictures_join_the_gallery_after_its_own_once(
    client, settings, tmp_path, shop
):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_runner_pictures(tmp_path)
    navy, red = "images/navy.png", {"path": "images/red.png", "alt": "Red runner"}
    variants = [
        {
            "sku": sku,
            "options": {"size": size, "colour": colour},
            "stock": {"main": 2},
            "image": image,
        }
        for sku, size, colour, image in [
            ("RUN-40-NAVY", "40", "navy", navy),
            ("RUN-40-RED", "40", "red", red),
            ("RUN-41-NAVY", "41", "navy", navy),
        ]
    ]
    front = {"path": "images/front.png", "alt": "Road runner, side"}
    path = write_json(tmp_path, {"products": [runner(variants, images=[front])]})

    run_import(path)

    assert gallery_of("RUN-1") == [
        ("Road runner, side", FRONT),
        ("Road runner (Navy)", NAVY),  # one picture for both navy sizes, named for them
        ("Red runner", RED),
    ]
    assert slides_on_the_page(client, "RUN-1") == {
        "RUN-40-NAVY": 2,
        "RUN-40-RED": 3,
        "RUN-41-NAVY": 2,
    }


CSV_WITH_VARIANT_PICTURES = (
    "sku,name,category,price,variant_sku,variant_options,variant_stock,variant_image\n"
    "RUN-1,Road runner,shoes,89.90,RUN-40-NAVY,size=40; colour=navy,main=2,images/navy.png\n"
    "RUN-1,,,,RUN-41-NAVY,size=41; colour=navy,main=2,images/navy.png\n"
    "RUN-1,,,,RUN-40-RED,size=40; colour=red,main=2,images/red.png\n"
    "RUN-1,,,,RUN-41-RED,size=41; colour=red,main=2,\n"
)


def test_csv_variant_pictures_make_the_gallery_with_readable_titles(
    client, settings, tmp_path, shop
):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_runner_pictures(tmp_path)

    run_import(write_csv(tmp_path, CSV_WITH_VARIANT_PICTURES))

    # Titled after the product and the options of the variants showing them, not
    # "images/navy.png".
    assert gallery_of("RUN-1") == [("Road runner (Navy)", NAVY), ("Road runner (40, Red)", RED)]
    assert slides_on_the_page(client, "RUN-1") == {
        "RUN-40-NAVY": 1,
        "RUN-41-NAVY": 1,
        "RUN-40-RED": 2,
        "RUN-41-RED": None,
    }


def test_an_update_adds_new_variant_pictures_after_the_gallery_and_keeps_it(
    client, settings, tmp_path, shop
):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_runner_pictures(tmp_path)
    run_import(
        write_json(
            tmp_path,
            {
                "products": [
                    {
                        "sku": "RUN-1",
                        "name": "Road runner",
                        "category": "shoes",
                        "price": "89.90",
                        "images": ["images/front.png", "images/red.png"],
                    }
                ]
            },
        )
    )
    csv = write_csv(tmp_path, CSV_WITH_VARIANT_PICTURES)

    run_import(csv)
    run_import(csv)  # again: nothing more

    assert gallery_of("RUN-1") == [
        ("Road runner", FRONT),
        ("Road runner", RED),  # already there: stays where it was, not added twice
        ("Road runner (Navy)", NAVY),
    ]
    assert slides_on_the_page(client, "RUN-1") == {
        "RUN-40-NAVY": 3,
        "RUN-41-NAVY": 3,
        "RUN-40-RED": 2,
        "RUN-41-RED": None,
    }


def test_a_new_gallery_without_variants_keeps_the_variants_pictures(
    client, settings, tmp_path, shop
):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_runner_pictures(tmp_path)
    run_import(write_csv(tmp_path, CSV_WITH_VARIANT_PICTURES))

    run_import(
        write_json(tmp_path, {"products": [{"sku": "RUN-1", "images": ["images/front.png"]}]})
    )

    assert gallery_of("RUN-1") == [
        ("Road runner", FRONT),
        ("Road runner (Navy)", NAVY),
        ("Road runner (40, Red)", RED),
    ]
    assert slides_on_the_page(client, "RUN-1")["RUN-40-RED"] == 3


def test_bad_csv_variant_images_and_compare_at_prices_are_reported_by_line(
    settings, tmp_path, shop
):
    settings.MEDIA_ROOT = tmp_path / "media"
    draw_png(tmp_path / "images" / "navy.png", "#000080")
    (tmp_path / "images" / "notes.png").write_text("not a picture", encoding="utf-8")
    path = write_csv(
        tmp_path,
        "sku,name,category,price,variant_sku,variant_options,variant_price,"
        "variant_compare_at_price,variant_image\n"
        "RUN-1,Road runner,shoes,89.90,RUN-1-40,size=40,79.90,99.999,images/navy.png\n"
        "RUN-1,,,,RUN-1-41,size=41,79.90,69.90,images/missing.png\n"
        "RUN-1,,,,RUN-1-42,size=42,,99.90,images/notes.png\n",
    )
    before = database_counts()

    _, problems = refused_import(path)

    assert problems == [
        "line 2, variant_compare_at_price: 99.999 has more than 2 decimals",
        f"line 3, variant_image: no image file at {tmp_path / 'images' / 'missing.png'}",
        "line 3, variant_compare_at_price: needs a price of the variant's own, below it",
        "line 4, variant_image: notes.png is not an image Pillow can read",
        "line 4, variant_compare_at_price: needs a price of the variant's own, below it",
    ]
    assert database_counts() == before
    assert not ProductVariant.objects.filter(product__sku="RUN-1").exists()


def test_a_csv_without_variant_columns_still_imports(tmp_path, shop):
    path = write_csv(tmp_path, "sku,name,category,price,stock\nCAP-1,Cap,shoes,15.00,main=3\n")

    run_import(path)

    assert variants_of("CAP-1") == [("CAP-1", "", None, None)]
    assert stock_of("CAP-1") == {"main": 3}


def test_bad_json_variants_are_all_reported_with_their_path_and_nothing_is_imported(tmp_path, shop):
    other = make_product(make_category("Boots"), name="Other", sku="OTHER", slug="other")
    path = write_json(
        tmp_path,
        {
            "products": [
                runner(
                    [
                        {"sku": "R-40", "options": {"size": "40"}, "stock": {"south": 1}},
                        {"sku": "R-40B", "options": {"size": "40"}},
                        {"sku": "R-41", "options": {"size": "41", "colour": "navy"}},
                        {"sku": "R-43", "options": {"size": "43"}},
                        {"sku": "OTHER", "options": {"size": "42"}},
                        {"sku": "R-44", "options": {"fit": "wide"}, "price": "-1"},
                        {"options": {"size": "42"}, "compare_at_price": "10.00"},
                        "R-45",
                    ],
                    stock={"main": 1},
                ),
                {"sku": "CAP", "name": "Cap", "category": "shoes", "price": "5", "variants": []},
            ]
        },
    )
    before = database_counts()
    variants_before = ProductVariant.objects.count()

    message, problems = refused_import(path)

    assert message == f"{path}: 11 problems, nothing was imported."
    assert problems == [
        "products[0].stock: give the stock per variant when the product has variants",
        "products[0].variants[0].stock.south: unknown warehouse 'south'",
        "products[0].variants[1].options: the same options as products[0].variants[0]",
        "products[0].variants[2].options: every variant needs the same attributes (size)",
        "products[0].variants[3].options.size: unknown option '43' of 'size'",
        "products[0].variants[4].sku: 'OTHER' is a variant of product OTHER",
        "products[0].variants[5].price: -1 is negative",
        "products[0].variants[5].options.fit: unknown attribute 'fit'",
        "products[0].variants[6].sku: is required",
        "products[0].variants[7]: must be an object with sku and options",
        "products[1].variants: must be a non-empty list of variants",
    ]
    assert database_counts() == before
    assert ProductVariant.objects.count() == variants_before
    assert other.variants.count() == 1


def test_bad_csv_variant_rows_are_reported_by_line(tmp_path, shop):
    path = write_csv(
        tmp_path,
        "sku,name,category,price,variant_sku,variant_options,variant_price\n"
        "RUN-1,Road runner,shoes,89.90,RUN-1-40,size=40,\n"
        "RUN-1,Other name,,,RUN-1-41,size 41,\n"
        "RUN-1,,,,RUN-1-42,size=42,9.999\n"
        "RUN-2,Trail,shoes,50.00,,size=40,\n",
    )
    before = database_counts()

    _, problems = refused_import(path)

    assert problems == [
        "line 3, name: differs from line 2 (same product)",
        "line 5, variant_sku: is required for a variant",
    ]
    assert database_counts() == before

    path = write_csv(
        tmp_path,
        "sku,name,category,price,variant_sku,variant_options,variant_price\n"
        "RUN-1,Road runner,shoes,89.90,RUN-1-40,size=40,\n"
        "RUN-1,,,,RUN-1-41,size 41,\n"
        "RUN-1,,,,RUN-1-42,size=42,9.999\n",
    )

    _, problems = refused_import(path)

    assert problems == [
        "line 3, variant_options: 'size 41' is not written attribute=option",
        "line 4, variant_price: 9.999 has more than 2 decimals",
    ]
    assert database_counts() == before


def test_two_variants_may_swap_their_options_in_one_import(tmp_path, shop):
    from commerce.catalog.models import AttributeDefinition

    product = make_product(make_category("Boots"), name="Hiker", sku="HIKE", slug="hiker")
    make_variants(product, [AttributeDefinition.objects.get(slug="size")], ["40", "41"])
    path = write_json(
        tmp_path,
        {
            "products": [
                {
                    "sku": "HIKE",
                    "variants": [
                        {"sku": "HIKE-40", "options": {"size": "41"}},
                        {"sku": "HIKE-41", "options": {"size": "40"}},
                    ],
                }
            ]
        },
    )

    run_import(path)

    assert variants_of("HIKE") == [
        ("HIKE-40", "Size: 41", None, None),
        ("HIKE-41", "Size: 40", None, None),
    ]
