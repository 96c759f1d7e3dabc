from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

from commerce.catalog.importing import import_catalog_document
from commerce.catalog.models import AttributeOption, Category, Product, ProductImage, ProductVariant
from commerce.checkout.models import DeliveryMethod, PaymentMethod
from commerce.coupons.models import Coupon
from commerce.demo.catalog_document import build_catalog_document, product_entry
from commerce.demo.drawing import draw_picture, initials
from commerce.demo.products import demo_product
from commerce.stock.availability import with_sellable_quantity
from commerce.stock.models import StockRecord, Warehouse
from home.models import HomePage


def _stock_state(total: int) -> str:
    return "out" if total == 0 else "low" if total <= 5 else "in"


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "products": Product.objects.count(),
        "categories": Category.objects.count(),
        "options": AttributeOption.objects.count(),
        "warehouses": Warehouse.objects.count(),
        "stock": StockRecord.objects.count(),
        "gallery": ProductImage.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
    }


# The document: no database needed.


@pytest.fixture(scope="module")
def full_document(tmp_path_factory):
    """The full 300-product demo document, drawn once for the tests that read it."""
    folder = tmp_path_factory.mktemp("full-demo")
    return folder, build_catalog_document(folder, image_size=32)


def test_the_demo_document_has_the_promised_shape(full_document):
    tmp_path, document = full_document
    products = document["products"]

    assert len(products) == 300
    assert len({product["sku"] for product in products}) == 300
    assert len({product["slug"] for product in products}) == 300
    assert Counter(product["status"] for product in products) == {
        "active": 265,
        "disabled": 18,
        "hidden": 17,
    }
    assert Counter(_stock_state(_total_stock(p)) for p in products) == {
        "in": 246,
        "low": 27,
        "out": 27,
    }
    assert sum(1 for p in products if p["compare_at_price"]) == 60
    assert Counter(category["path"].count("/") for category in document["categories"]) == {
        0: 3,
        1: 6,
        2: 12,
    }
    assert [w["priority"] for w in document["warehouses"]] == [1, 2, 3]
    assert [a["slug"] for a in document["attributes"]] == ["colour", "size", "material", "brand"]
    pictures = [image for p in products for image in p["images"]]
    assert len(pictures) == 563
    assert all(image["alt"] for image in pictures)
    assert all((tmp_path / image["path"]).is_file() for image in pictures)
    assert all((tmp_path / c["image"]).is_file() for c in document["categories"] if "image" in c)


def _total_stock(entry) -> int:
    if "variants" in entry:
        return sum(sum(variant["stock"].values()) for variant in entry["variants"])
    return sum(entry["stock"].values())


def test_clothing_and_shoes_are_sold_in_sizes_and_some_clothing_in_colours(full_document):
    tmp_path, document = full_document
    products = {p["sku"]: p for p in document["products"]}
    with_variants = [p for p in products.values() if "variants" in p]

    assert len(with_variants) == 125
    assert sum(len(p["variants"]) for p in with_variants) == 978
    assert {p["category"].split("/")[0] for p in with_variants} == {"clothing", "outdoor"}
    assert all("stock" not in p for p in with_variants)
    # Every variant names the product's sizes (and colours): the combinations, each once.
    for product in with_variants:
        combos = [tuple(sorted(v["options"].items())) for v in product["variants"]]
        assert len(set(combos)) == len(combos)
        assert {v["options"]["size"] for v in product["variants"]} == set(
            product["attributes"]["size"]
        )
    assert {v["options"]["size"] for v in products["FOO-001"]["variants"]} == {
        "eu-40",
        "eu-41",
        "eu-42",
        "eu-43",
        "eu-44",
    } or all("colour" not in v["options"] for v in products["FOO-001"]["variants"])
    coloured = [p for p in with_variants if "colour" in p["variants"][0]["options"]]
    assert coloured and all(p["category"].startswith("clothing/") for p in coloured)
    # Some sizes sold out (crossed out on the page) while the product is in stock.
    sold_out_sizes = [
        p
        for p in with_variants
        if _total_stock(p) > 5 and any(sum(v["stock"].values()) == 0 for v in p["variants"])
    ]
    assert len(sold_out_sizes) >= 20
    # Colour variants show their colour's picture, drawn like the gallery's.
    images = [v["image"] for p in coloured for v in p["variants"] if "image" in v]
    assert images and all((tmp_path / image).is_file() for image in images)
    assert any("price" in v for p in with_variants for v in p["variants"])


def test_a_smaller_demo_is_a_prefix_of_the_full_one(full_document, tmp_path):
    _, full = full_document
    smaller = build_catalog_document(tmp_path, products=40, image_size=32)["products"]

    def key(entry):
        return entry["sku"], entry["name"], entry["price"]

    assert len(full["products"]) == 300 and len(smaller) == 40
    assert [key(entry) for entry in smaller] == [key(entry) for entry in full["products"][:40]]
    assert smaller == full["products"][:40]  # and everything else about them too
    # Not trivially equal: 40 distinct products over all 12 leaf categories.
    assert len({key(entry) for entry in smaller}) == 40
    assert len({entry["category"] for entry in smaller}) == 12


def test_the_demo_is_deterministic():
    entry = product_entry(demo_product(0))
    variants = entry.pop("variants")
    assert [(v["sku"], v.get("price"), v.get("image")) for v in variants] == [
        ("SHI-001-S-SKY-BLUE", None, "images/shi-001-1.jpg"),
        ("SHI-001-M-SKY-BLUE", None, "images/shi-001-1.jpg"),
        ("SHI-001-L-SKY-BLUE", "49.90", "images/shi-001-1.jpg"),
        ("SHI-001-S-OLIVE", None, None),
        ("SHI-001-M-OLIVE", None, None),
        ("SHI-001-L-OLIVE", "49.90", None),
    ]
    # The product's stock, shared out over its variants.
    assert {code: sum(v["stock"][code] for v in variants) for code in variants[0]["stock"]} == {
        "central": 24,
        "north": 24,
        "city-store": 0,
    }
    assert entry == {
        "sku": "SHI-001",
        "name": "Slim linen camp-collar shirt",
        "slug": "slim-linen-camp-collar-shirt-001",
        "category": "clothing/men/shirts",
        "status": "active",
        "price": "44.90",
        "compare_at_price": None,
        "description": (
            "<p>This camp-collar shirt is designed to be worn often and washed easily. "
            "A wardrobe staple from Fieldwork, cut for comfort and made from linen.</p>"
            "<p>Every order is packed in recycled cardboard.</p>"
        ),
        "attributes": {
            "colour": ["sky-blue", "olive"],
            "size": ["s", "m", "l"],
            "material": ["linen"],
            "brand": ["fieldwork"],
        },
        "images": [
            {"path": "images/shi-001-1.jpg", "alt": "Slim linen camp-collar shirt in sky blue"}
        ],
    }


def test_kept_pictures_are_left_out_of_the_document_and_not_drawn(tmp_path):
    document = build_catalog_document(
        tmp_path,
        products=2,
        image_size=32,
        keep_pictures_of={"SHI-001"},
        keep_category_pictures_of={"clothing"},
    )

    assert "images" not in document["products"][0]
    assert document["products"][1]["images"]
    assert "image" not in document["categories"][0]
    assert sorted(path.name for path in (tmp_path / "images").iterdir()) == [
        "category-home.jpg",
        "category-outdoor.jpg",
        "kni-001-1.jpg",
        "kni-001-2.jpg",
        "kni-001-3.jpg",
    ]


def test_a_picture_is_drawn_in_its_colours(tmp_path):
    path = draw_picture(
        tmp_path / "tent.png",
        size=600,
        background="#e3e6d3",
        colour="#2f5d3a",
        shape="triangle",
        label=initials("Alpine ripstop nylon dome tent"),
        caption="Tents",
    )

    picture = PILImage.open(path)
    assert (picture.format, picture.size) == ("PNG", (600, 600))
    assert picture.getpixel((5, 5)) == (0xE3, 0xE6, 0xD3)
    assert picture.getpixel((300, 425)) == (0x2F, 0x5D, 0x3A)
    assert initials("Alpine ripstop nylon dome tent") == "ARN"


# The command, through the import service.


@pytest.mark.django_db
def test_seed_demo_loads_a_believable_shop(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path / "media"

    output = _seed(products=120, image_size=48)  # the full 300: see the document test

    assert Counter(Product.objects.values_list("status", flat=True)) == {
        "active": 106,
        "disabled": 7,
        "hidden": 7,
    }
    assert Counter(Category.objects.values_list("depth", flat=True)) == {0: 3, 1: 6, 2: 12}
    assert list(Warehouse.objects.values_list("code", "priority", "is_active")) == [
        ("central", 1, True),
        ("north", 2, True),
        ("city-store", 3, True),
    ]
    quantities = with_sellable_quantity(Product.objects.all()).values_list(
        "sellable_quantity", flat=True
    )
    assert Counter(_stock_state(quantity) for quantity in quantities) == {
        "in": 98,
        "low": 11,
        "out": 11,
    }
    assert sum(product.is_on_sale for product in Product.objects.all()) == 24
    # Clothing and shoes in sizes (some clothing in colours): 50 products, 413 variants; the
    # other 70 have their one default variant.
    assert ProductVariant.objects.exclude(option_key="").count() == 413
    assert ProductVariant.objects.filter(option_key="").count() == 70
    shirt = ProductVariant.objects.get(sku="SHI-001-M-OLIVE")
    assert (shirt.product.sku, shirt.options_label) == ("SHI-001", "Colour: Olive, Size: M")
    assert StockRecord.objects.filter(variant=shirt).count() == 3
    active = Product.objects.filter(status="active")
    assert not active.exclude(images__alt_text__gt="").exists()
    assert Category.objects.filter(depth=0, image__isnull=True).count() == 0
    admin = authenticate(username="admin", password="storefront-demo")
    assert admin is not None and admin.is_superuser and admin.email == "admin@example.com"
    # A visitor can check out right away: delivery, every payment provider and a coupon.
    assert DeliveryMethod.objects.active().count() == 2
    assert set(PaymentMethod.objects.active().values_list("provider", flat=True)) == {
        "test_gateway",
        "bank_transfer",
        "cash_on_delivery",
    }
    assert Coupon.objects.filter(code="WELCOME10", is_active=True).exists()
    # Information pages, footer and contact details come from the editor's side too.
    shipping = client.get("/help/shipping/")
    assert shipping.status_code == 200
    assert "How long does delivery take?" in shipping.content.decode()
    assert "Customer service" in client.get("/").content.decode()
    assert HomePage.objects.get().intro.startswith("<p>Welcome to ")
    assert client.get("/").status_code == 200
    assert client.get("/categories/outdoor/camping/tents/").status_code == 200
    assert client.get(f"/products/{active.first().slug}/").status_code == 200
    assert (
        "Demo shop ready: 120 products, 21 categories, 4 attributes, 3 warehouses, "
        "login admin / storefront-demo (" in output
    )


@pytest.mark.django_db
def test_seeding_again_duplicates_nothing_and_if_empty_keeps_edits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _seed(products=24, image_size=32)
    before = _counts()
    product = Product.objects.get(sku="SHI-001")
    product.price = "12.34"
    product.save()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed-on-purpose")
    admin.save()

    output = _seed(if_empty=True)

    assert output.splitlines()[-1] == (
        "Demo shop already loaded (24 products): nothing imported; no demo login (see above)"
    )
    assert str(Product.objects.get(sku="SHI-001").price) == "12.34"

    output = _seed(products=24, image_size=32)

    assert _counts() == before
    assert "(0 new, 24 updated)" in output and "nothing duplicated" in output
    assert str(Product.objects.get(sku="SHI-001").price) == "44.90"  # demo values re-applied
    assert get_user_model().objects.get(username="admin").check_password("changed-on-purpose")
    assert ", login admin / storefront-demo (" not in output
    assert (
        "The demo login admin / storefront-demo does not work: the user admin exists with "
        "another password (left as it is" in output
    )
    assert "3 warehouses, no demo login (see above) (" in output


def _import_small_demo(tmp_path, products=3) -> None:
    """Products in the catalog without the rest of seed_demo: as after import_catalog, or a
    seed that failed after its import committed."""
    folder = tmp_path / "document"
    document = build_catalog_document(folder, products=products, image_size=32)
    import_catalog_document(document, base_dir=folder)


@pytest.mark.django_db
def test_if_empty_with_products_still_creates_the_admin_and_the_welcome(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _import_small_demo(tmp_path)
    assert not get_user_model().objects.exists()
    assert not HomePage.objects.get().intro.strip()
    before = _counts()

    output = _seed(if_empty=True)

    assert output.splitlines() == [
        "  Created the superuser admin.",
        "  Created 2 delivery methods, 3 payment methods, the coupon WELCOME10 (10% off), "
        "4 information pages, the footer and contact details.",
        "  Published the demo homepage: a welcome text and a section of every kind.",
        "Demo shop already loaded (3 products): nothing imported; login admin / storefront-demo",
    ]
    admin = authenticate(username="admin", password="storefront-demo")
    assert admin is not None and admin.is_superuser and admin.email == "admin@example.com"
    assert HomePage.objects.get().intro.startswith("<p>Welcome to ")
    assert _counts() == before | {"users": 1}  # nothing imported

    output = _seed(if_empty=True)  # and a second time changes nothing

    assert output.splitlines() == [
        "  The user admin exists already: left as it is.",
        "Demo shop already loaded (3 products): nothing imported; login admin / storefront-demo",
    ]
    assert _counts() == before | {"users": 1}


@pytest.mark.django_db
def test_if_empty_never_resets_an_existing_admin_and_says_so(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _import_small_demo(tmp_path, products=1)
    get_user_model().objects.create_user("admin", "owner@example.com", "owners-own-password")

    output = _seed(if_empty=True, verbosity=0)

    assert output.splitlines() == [
        "The demo login admin / storefront-demo does not work: the user admin exists with "
        "another password (left as it is: log in with that one, or set one with "
        "`manage.py changepassword admin`).",
        "Demo shop already loaded (1 products): nothing imported; no demo login (see above)",
    ]
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("owners-own-password") and not admin.is_superuser
    assert authenticate(username="admin", password="storefront-demo") is None


@pytest.mark.django_db
def test_the_login_is_not_printed_when_the_admin_cannot_use_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _import_small_demo(tmp_path, products=1)
    users = get_user_model()
    user = users.objects.create_user("admin", "admin@example.com", "storefront-demo")

    output = _seed(if_empty=True, verbosity=0)

    assert "the user admin exists but may not use the admin." in output
    assert "; login admin / storefront-demo" not in output

    user.is_superuser, user.is_active = True, False
    user.save()

    output = _seed(if_empty=True, verbosity=0)

    assert "the user admin exists but is inactive." in output
    assert "; login admin / storefront-demo" not in output
