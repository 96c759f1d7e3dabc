"""A picture smaller than the sizes of its pattern names each width once in its srcset."""

import re

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db

PICTURE = Template(
    "{% load wagtailimages_tags %}"
    '{% picture image fill-{240x240,480x480,600x600} format-{webp,jpeg} sizes="240px" alt="" %}'
)


def srcsets(html: str) -> list[str]:
    return re.findall(r'srcset="([^"]*)"', html)


def test_a_small_picture_lists_its_width_once_per_format(image_factory, root_collection):
    image = image_factory("Small", size=(300, 300))

    html = PICTURE.render(Context({"image": image}))

    webp, jpeg = srcsets(html)
    assert re.findall(r" (\d+)w", webp) == ["240", "300"]
    assert re.findall(r" (\d+)w", jpeg) == ["240", "300"]
    assert ".fill-240x240.format-jpeg." in jpeg and ".fill-480x480.format-jpeg." in jpeg


def test_a_picture_smaller_than_every_size_still_has_width_descriptors(
    image_factory, root_collection
):
    image = image_factory("Tiny", size=(64, 64))

    html = PICTURE.render(Context({"image": image}))

    assert [re.findall(r" (\d+)w", srcset) for srcset in srcsets(html)] == [["64"], ["64"]]
