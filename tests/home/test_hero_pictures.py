"""The hero offers AVIF and WebP for both crops, with a JPEG image as the fallback."""

import pytest
from django.test import Client

from tests.home import builders as b

pytestmark = pytest.mark.django_db


def test_the_hero_offers_modern_formats_for_both_crops(home_page, image_factory):
    wide, tall = image_factory("wide"), image_factory("tall")
    b.publish_body(home_page, [b.hero("Spring", image=wide, mobile_image=tall.pk)])

    Client().get("/")  # queues the renditions (made at once by the tests' task backend)
    html = Client().get("/").content.decode()

    hero = html[html.index('class="hero__picture"') :]
    hero = hero[: hero.index("</picture>")]
    assert hero.count('type="image/avif"') == 2 and hero.count('type="image/webp"') == 2
    assert 'media="(max-width: 47.99em)"' in hero
    assert ".format-jpeg.jpg" in hero and 'fetchpriority="high"' in hero
