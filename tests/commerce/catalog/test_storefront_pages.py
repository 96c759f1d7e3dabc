"""The minimal storefront: home, category and product pages obey product status."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    ProductImage,
    ProductStatus,
)
from tests.fixtures.catalog import make_category, make_product, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(category, warehouse):
    active = make_product(category, name="Active boot", price="50.00")
    set_stock(active, warehouse, 9)
    disabled = make_product(category, name="Disabled boot", status=ProductStatus.DISABLED)
    set_stock(disabled, warehouse, 9)
    hidden = make_product(category, name="Hidden boot", status=ProductStatus.HIDDEN)
    draft = make_product(category, name="Draft boot", live=False)
    return {"active": active, "disabled": disabled, "hidden": hidden, "draft": draft}


def test_home_lists_categories_and_visible_products(client, shelf):
    response = client.get("/")

    assert response.status_code == 200
    html = response.text
    assert "Shoes" in html
    assert "Active boot" in html
    assert "Disabled boot" in html
    assert "Hidden boot" not in html
    assert "Draft boot" not in html


def test_category_lists_products_of_descendants_with_availability(client, category, warehouse):
    trail = make_category("Trail", parent=category)
    boot = make_product(
        trail, name="Mountain boot", price="120.00", compare_at_price=Decimal("150.00")
    )
    set_stock(boot, warehouse, 2)

    response = client.get(category.get_absolute_url())

    assert response.status_code == 200
    assert "Mountain boot" in response.text
    assert "Only 2 left" in response.text
    assert "<del>€150.00</del>" in response.text
    assert trail.get_absolute_url() in response.text


def test_disabled_product_page_is_shown_as_unavailable(client, shelf):
    response = client.get(shelf["disabled"].get_absolute_url())

    assert response.status_code == 200
    assert "Currently unavailable" in response.text


@pytest.mark.parametrize("which", ["hidden", "draft"])
def test_hidden_and_unpublished_product_pages_answer_404(client, shelf, which):
    assert client.get(shelf[which].get_absolute_url()).status_code == 404


def test_product_page_shows_breadcrumbs_price_and_stock(client, category, shelf):
    running = make_category("Running", parent=category)
    product = make_product(running, name="Road runner", price="75.00")

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    html = response.text
    assert html.index('href="/categories/shoes/"') < html.index('href="/categories/shoes/running/"')
    assert "€75.00" in html
    assert "Out of stock" in html


def test_inactive_category_answers_404(client, category):
    child = make_category("Kids", parent=category)
    category.is_active = False
    category.save()

    assert client.get(category.get_absolute_url()).status_code == 404
    assert client.get(child.get_absolute_url()).status_code == 404


def test_unknown_category_and_product_answer_404(client, db):
    assert client.get("/categories/nowhere/").status_code == 404
    assert client.get("/products/nothing/").status_code == 404


def _fill_catalog(category, warehouse, image_factory, count):
    """Products each with their own picture and a card attribute, so any per-image or
    per-option query would show up as growth."""
    colour, _ = AttributeDefinition.objects.get_or_create(
        slug="colour", defaults={"name": "Colour", "is_shown_on_cards": True}
    )
    for _ in range(count):
        product = make_product(category)
        set_stock(product, warehouse, 3)
        picture = image_factory(f"Boot {product.pk}")
        ProductImage.objects.create(product=product, image=picture)
        option = AttributeOption.objects.create(
            definition=colour, value=f"Shade {product.pk}", slug=f"shade-{product.pk}"
        )
        product.attribute_options.add(option)
        product.save()  # a ParentalManyToManyField is written on save


def _queries_for(client, url) -> int:
    client.get(url)  # warm caches and renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Cached: the filterable attributes (listing.filterable_definitions) and the breadcrumb
# trail (navigation.breadcrumb_trail); pictures come joined to their images.
@pytest.mark.parametrize(("page", "budget"), [("home", 9), ("category", 6)])
def test_listing_queries_do_not_grow_with_the_catalog(
    client, category, warehouse, image_factory, page, budget
):
    url = "/" if page == "home" else category.get_absolute_url()
    _fill_catalog(category, warehouse, image_factory, 3)
    small = _queries_for(client, url)

    _fill_catalog(category, warehouse, image_factory, 20)
    large = _queries_for(client, url)

    assert small == large
    assert large == budget


def test_products_below_an_inactive_category_disappear_from_the_storefront(client, category):
    middle = make_category("Middle", parent=category)
    leaf = make_category("Leaf", parent=middle)
    product = make_product(leaf, name="Buried boot")
    middle.is_active = False
    middle.save()

    assert "Buried boot" not in client.get(category.get_absolute_url()).text
    assert "Buried boot" not in client.get("/").text
    assert client.get(leaf.get_absolute_url()).status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404

    middle.is_active = True
    middle.save()
    assert client.get(product.get_absolute_url()).status_code == 200


def test_product_page_queries_do_not_grow_with_images_or_attributes(
    client, category, warehouse, image_factory
):
    product = make_product(category, name="Gallery boot")
    set_stock(product, warehouse, 4)
    _add_pictures_and_options(product, image_factory, 1)
    small = _queries_for(client, product.get_absolute_url())

    _add_pictures_and_options(product, image_factory, 5)
    large = _queries_for(client, product.get_absolute_url())

    # product with stock, pictures with their images, renditions, attributes
    assert small == large == 4


def _add_pictures_and_options(product, image_factory, count):
    size, _ = AttributeDefinition.objects.get_or_create(slug="size", defaults={"name": "Size"})
    start = product.images.count()
    for index in range(start, start + count):
        ProductImage.objects.create(
            product=product, image=image_factory(f"View {index}"), sort_order=index
        )
        product.attribute_options.add(
            AttributeOption.objects.create(definition=size, value=f"{index}", slug=f"s{index}")
        )
    product.save()  # a ParentalManyToManyField is written on save
