from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.catalog.models import AttributeDefinition, AttributeOption, Product, ProductImage
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_variants,
    make_warehouse,
    option,
    set_stock,
)

pytestmark = pytest.mark.django_db


def test_a_product_carries_prices_category_attributes_stock_and_its_one_variant(
    api, category, warehouse
):
    child = make_category("Trail", parent=category)
    product = make_product(
        child, name="Trail Runner", price="89.90", sku="TR-1", compare_at_price=Decimal("99.00")
    )
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    red = AttributeOption.objects.create(definition=colour, value="Red", slug="red")
    product.attribute_options.add(red)
    product.save()
    set_stock(product, warehouse, 7)
    set_stock(product, make_warehouse("north", priority=1), 2)
    product.refresh_from_db()

    response = api("get", "/products")

    assert response.status_code == 200
    stock = [{"warehouse": "north", "quantity": 2}, {"warehouse": "main", "quantity": 7}]
    assert response.json() == {
        "items": [
            {
                "id": product.pk,
                "sku": "TR-1",
                "name": "Trail Runner",
                "slug": product.slug,
                "status": "active",
                "live": True,
                "price": "89.90",
                "compare_at_price": "99.00",
                "category": {"id": child.pk, "name": "Trail", "path": child.path},
                "attributes": [{"attribute": "colour", "value": "Red"}],
                "images": [],
                "stock": stock,
                "variants": [
                    {
                        "sku": "TR-1",
                        "options": [],
                        "price": "89.90",
                        "compare_at_price": "99.00",
                        "is_default": True,
                        "image": None,
                        "stock": stock,
                    }
                ],
                "updated_at": product.updated_at.isoformat(timespec="milliseconds")[:-6] + "Z",
            }
        ],
        "next_cursor": None,
    }


def test_a_product_sold_in_sizes_lists_each_variant_with_its_options_price_and_stock(
    api, category, warehouse
):
    product = make_product(category, sku="TEE", price="20.00")
    sizes = make_attribute("Size", ["S", "M"])
    variants = make_variants(product, [sizes], ["S", "M"], prices={("M",): "25.00"})
    set_stock(variants["TEE-S"], warehouse, 4)
    set_stock(variants["TEE-M"], warehouse, 1)

    [item] = api("get", "/products").json()["items"]

    assert [
        (v["sku"], v["options"], v["price"], v["is_default"], v["stock"]) for v in item["variants"]
    ] == [
        (
            "TEE-S",
            [{"attribute": "size", "value": "S"}],
            "20.00",
            False,
            [{"warehouse": "main", "quantity": 4}],
        ),
        (
            "TEE-M",
            [{"attribute": "size", "value": "M"}],
            "25.00",
            False,
            [{"warehouse": "main", "quantity": 1}],
        ),
    ]
    assert item["stock"] == [{"warehouse": "main", "quantity": 5}]


def test_the_cursor_walks_every_product_once_and_updated_since_skips_old_ones(api, category):
    products = [make_product(category) for _ in range(5)]

    seen, cursor, pages = [], None, 0
    while True:
        query = f"/products?limit=2{f'&cursor={cursor}' if cursor else ''}"
        body = api("get", query).json()
        seen += [item["sku"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [product.sku for product in products]
    assert pages == 3

    since = timezone.now()
    Product.objects.filter(pk=products[0].pk).update(updated_at=since + timedelta(seconds=1))
    stamp = since.isoformat().replace("+00:00", "Z")
    body = api("get", f"/products?updated_since={stamp}").json()
    assert [item["sku"] for item in body["items"]] == [products[0].sku]


@pytest.mark.parametrize(
    "query, status",
    [
        ("cursor=nonsense", 400),
        ("cursor=WzEsMl0", 400),
        ("limit=0", 422),
        ("limit=100000000000000000000000", 422),
        ("updated_since=yesterday", 422),
    ],
)
def test_bad_query_values_answer_4xx_as_json(api, query, status):
    response = api("get", f"/products?{query}")

    assert response.status_code == status
    assert set(response.json()) >= {"code", "message", "path"}


def _queries_for_products(api, count: int, category, warehouse, sizes, images, attributes):
    """`count` products, each with three sized variants (stock in a warehouse, one with its
    own picture), a gallery of two images and two attribute options; the queries of one
    listing of them all."""
    for n in range(count):
        product = make_product(category)
        variants = list(make_variants(product, [sizes], ["S", "M", "L"]).values())
        for variant in variants:
            set_stock(variant, warehouse, 3)
        variants[0].image = images[n % len(images)]
        variants[0].save(update_fields=["image"])
        for position in range(2):
            ProductImage.objects.create(
                product=product, image=images[(n + position) % len(images)], sort_order=position
            )
        product.attribute_options.add(*(option(definition, "Red") for definition in attributes))
        product.save()
    api("get", "/warehouses")  # the token's last use is recorded once a minute
    with CaptureQueriesContext(connection) as queries:
        response = api("get", "/products?limit=500")
    items = response.json()["items"]
    assert len(items) == count
    for item in items:
        assert len(item["images"]) == 2 and all(url.endswith(".png") for url in item["images"])
        assert item["attributes"] == [
            {"attribute": "colour", "value": "Red"},
            {"attribute": "material", "value": "Red"},
        ]
        assert item["variants"][0]["image"].endswith(".png")
        assert [len(v["options"]) for v in item["variants"]] == [1, 1, 1]
    return len(queries)


def test_listing_100_products_costs_the_same_queries_as_10(
    api, category, warehouse, image_factory, root_collection
):
    sizes = make_attribute("Size", ["S", "M", "L"])
    attributes = [
        make_attribute("Colour", ["Red"], position=1),
        make_attribute("Material", ["Red"], position=2),
    ]
    images = [image_factory(f"Picture {n}") for n in range(3)]
    ten = _queries_for_products(api, 10, category, warehouse, sizes, images, attributes)
    Product.objects.all().delete()
    hundred = _queries_for_products(api, 100, category, warehouse, sizes, images, attributes)

    # the token, products with categories, variants (with their pictures), their options and
    # their stock, the gallery (with its images), the products' attribute options
    assert ten == hundred == 7


def test_categories_and_warehouses(api, category):
    make_warehouse("north", priority=1, is_active=False)
    make_warehouse("main", priority=5)

    assert api("get", "/warehouses").json() == [
        {"code": "north", "name": "North", "priority": 1, "is_active": False},
        {"code": "main", "name": "Main", "priority": 5, "is_active": True},
    ]
    assert api("get", "/categories").json() == [
        {
            "id": category.pk,
            "name": "Shoes",
            "slug": "shoes",
            "path": category.path,
            "parent_id": None,
            "is_active": True,
            "is_listed": True,
            "position": 0,
        }
    ]
