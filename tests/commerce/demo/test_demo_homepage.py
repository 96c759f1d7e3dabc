"""The demo homepage uses every section block and renders from the demo catalog."""

import re

import pytest
from django.utils import timezone

from commerce.catalog.importing import import_catalog_document
from commerce.demo.catalog_document import build_catalog_document
from commerce.demo.homepage import ensure_welcome_intro
from home.blocks import HomeBodyBlock
from home.models import Banner, HomePage


@pytest.mark.django_db
def test_the_demo_homepage_uses_every_block_and_shows_only_live_banners(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "document"
    import_catalog_document(
        build_catalog_document(folder, products=40, image_size=32), base_dir=folder
    )

    assert ensure_welcome_intro() is True
    assert ensure_welcome_intro() is False  # once only: an edited homepage is left alone

    page = HomePage.objects.get()
    used = {child.block_type for child in page.body}
    assert used == set(HomeBodyBlock().child_blocks)  # all six
    assert not page.has_unpublished_changes

    live = Banner.objects.get(name="Demo: spring collection")
    scheduled = Banner.objects.get(name="Demo: winter preview")
    assert live.live and live.is_showing
    assert not scheduled.live and scheduled.scheduled_revision is not None
    assert scheduled.scheduled_revision.approved_go_live_at > timezone.now()

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The spring collection is here" in html
    assert "Winter preview" not in html
    for heading in ("Shop by category", "New in", "This season", "On sale", "Staff picks"):
        assert f">{heading}</h2>" in html
    assert "Free delivery on orders over 50 EUR" in html
    assert 'href="/products/">See everything</a>' in html
    assert 'href="/products/">Browse everything</a>' in html
    assert 'href="/search/?q="' not in html
    assert len(re.findall(r'class="product-card"', html)) >= 8 + 4 + 4
    assert 'data-slider data-interval="6"' in html
    assert ">Best sellers</h2>" not in html  # no orders yet: the section stays hidden
