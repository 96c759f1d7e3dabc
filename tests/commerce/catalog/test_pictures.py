"""Responsive pictures: AVIF and WebP with a JPEG fallback, two widths, lazy below the fold
(the first card eager), and no query per picture."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalog.models import ProductImage
from commerce.catalog.tasks import make_renditions
from tests.fixtures.catalog import make_product, set_stock

pytestmark = pytest.mark.django_db


def pictured_product(category, warehouse, image_factory, index, size=(64, 64)):
    product = make_product(category, name=f"Lamp {index}", price="20.00")
    set_stock(product, warehouse, 5)
    for order in range(2):
        picture = ProductImage.objects.create(
            product=product,
            image=image_factory(f"lamp {index} {order}", size=size),
            sort_order=order,
        )
        make_renditions.enqueue(image_id=picture.image_id)  # as after an upload or import
    return product


def test_product_page_offers_avif_and_webp_in_two_widths(
    client, category, warehouse, image_factory
):
    # Wider than the smaller size, so the two sizes give two widths (480 and 600 px).
    product = pictured_product(category, warehouse, image_factory, 1, size=(600, 600))
    html = client.get(product.get_absolute_url()).content.decode()

    assert html.count("<picture>") == 4  # two slides, two thumbnails
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert ".max-480x480.format-avif.avif" in html and ".max-960x960.format-avif.avif" in html
    assert ".max-480x480.format-jpeg.jpg 480w" in html  # the fallback for older browsers
    assert ".max-960x960.format-jpeg.jpg 600w" in html
    assert 'fetchpriority="high"' in html and 'loading="lazy"' in html


def test_cards_are_responsive_pictures_lazy_after_the_first(
    client, category, warehouse, image_factory
):
    for index in (1, 2, 3):
        pictured_product(category, warehouse, image_factory, index)
    html = client.get(category.get_absolute_url()).content.decode()
    first, *others = html.split('class="product-card"')[1:]
    assert "<picture>" in first and 'type="image/avif"' in first
    assert 'sizes="(max-width: 40em) 50vw, 240px"' in first
    # The first card's picture is the largest in view: loaded at once, and first.
    assert 'loading="eager"' in first and 'fetchpriority="high"' in first
    assert len(others) == 2
    assert all('loading="lazy"' in card and 'fetchpriority="auto"' in card for card in others)


def test_pictures_cost_no_query_each(client, category, warehouse, image_factory):
    def queries() -> int:
        client.get(category.get_absolute_url())  # renditions made on the first view
        with CaptureQueriesContext(connection) as captured:
            client.get(category.get_absolute_url())
        return len(captured)

    pictured_product(category, warehouse, image_factory, 1)
    one = queries()
    for index in range(2, 6):
        pictured_product(category, warehouse, image_factory, index)
    assert queries() == one
