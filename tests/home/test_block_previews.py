"""Every homepage block has a preview in the editor's block picker that renders with the shop's
styles."""

import pytest
from django.urls import reverse

from home.models import HomePage
from tests.fixtures.catalog import make_category, make_product

BLOCKS = HomePage.body.field.stream_block.child_blocks

EXPECTED = {
    "hero": '<h2 class="hero__heading">The spring collection is here</h2>',
    "products": ">New in</h2>",
    "banner_group": '<span class="banner-tile__caption">Linen for summer</span>',
    "html": "<h2>Free delivery this weekend</h2>",
    "categories": '<span class="category-tile__name">Outdoor</span>',
    "slider": '<h3 class="slide__heading">New arrivals</h3>',
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_each_block_previews_its_sample_in_the_admin(admin_client, name):
    outdoor = make_category("Outdoor")
    make_product(outdoor, name="Preview tent")
    block = BLOCKS[name]

    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert block.is_previewable
    assert EXPECTED[name] in html
    assert "css/shop.css" in html
    if name == "products":
        assert "Preview tent" in html
