"""No storefront request ever encodes an image (issue 14): a missing rendition is queued for
a worker and the page shows a stand-in at once; the worker's task makes the renditions."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_tasks import task_backends
from wagtail.images.models import AbstractImage, Filter, Rendition

from commerce.catalog.models import ProductImage
from commerce.catalog.rendition_lookup import ready_renditions
from commerce.catalog.renditions import PRODUCT_IMAGE_SPECS, STOREFRONT_SPECS
from commerce.catalog.tasks import make_renditions
from tests.fixtures.catalog import make_product
from tests.home import builders as b
from tests.home.test_queries import every_block, shop  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """The dummy backend: tasks are recorded, not run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


@pytest.fixture
def encoder(monkeypatch) -> list[str]:
    """The specs of every image encoded while the test runs (Wagtail encodes every rendition
    through `generate_rendition_file`)."""
    encoded = []
    original = AbstractImage.generate_rendition_file

    def spy(self, filter, **kwargs):
        encoded.append(filter.spec)
        return original(self, filter, **kwargs)

    monkeypatch.setattr(AbstractImage, "generate_rendition_file", spy)
    return encoded


def rendition_tasks(queue) -> list:
    return [result for result in queue.results if result.task.name == "make_renditions"]


def test_storefront_pages_after_an_import_encode_no_image_then_the_worker_does(
    client,
    home_page,
    shop,  # noqa: F811 (the fixture imported above)
    queue,
    encoder,
):
    data = shop(3)
    b.publish_body(home_page, every_block(data, 1))
    product, category = data["products"][1], data["categories"][1]
    Rendition.objects.all().delete()  # freshly imported: pictures without renditions
    pages = ["/", category.get_absolute_url(), product.get_absolute_url()]
    pages.append(reverse("catalog:search") + "?q=tent")

    first = {page: client.get(page) for page in pages}

    assert [response.status_code for response in first.values()] == [200] * 4
    assert encoder == []
    assert Rendition.objects.count() == 0
    assert "/original_images/tent-1" in first[product.get_absolute_url()].content.decode()
    queued = rendition_tasks(queue)
    every_image = {image.pk for image in type(data["picture"]).objects.all()}
    assert {result.kwargs["image_id"] for result in queued} == every_image

    for result in queued:
        result.task.call(**result.kwargs)  # the worker
    assert len(encoder) == Rendition.objects.count() > 0

    encoder.clear()
    queue.clear()
    again = {page: client.get(page) for page in pages}
    assert encoder == [] and rendition_tasks(queue) == []
    product_page = again[product.get_absolute_url()].content.decode()
    # (a small picture lists its one width once: storefront/pictures.py)
    assert ".format-avif.avif" in product_page
    assert "/original_images/" not in product_page


def test_a_missing_size_stands_in_with_the_smallest_existing_rendition(
    image_factory, root_collection, queue, encoder
):
    image = image_factory("lamp", size=(600, 600))
    image.get_renditions("fill-240x240|format-jpeg", "fill-400x400|format-jpeg")
    encoder.clear()

    picked = ready_renditions(image, ["fill-480x480|format-jpeg", "fill-400x400|format-jpeg"])

    assert encoder == []
    assert [(spec, rendition.width) for spec, rendition in picked.items()] == [
        ("fill-480x480|format-jpeg", 400),  # the smallest found for this tag
        ("fill-400x400|format-jpeg", 400),
    ]
    [task] = rendition_tasks(queue)
    assert task.kwargs == {"image_id": image.pk, "specs": ["fill-480x480|format-jpeg"]}


def test_without_any_rendition_the_original_stands_in_and_is_queued_once(
    image_factory, root_collection, queue, encoder
):
    image = image_factory("lamp", size=(300, 200))

    for _request in range(3):
        [original] = ready_renditions(image, ["fill-480x480"]).values()

    assert encoder == []
    assert (original.url, original.width, original.height) == (image.file.url, 300, 200)
    assert original.pk is None  # never saved as a rendition
    assert len(rendition_tasks(queue)) == 1


def test_a_saved_product_picture_gets_its_renditions_from_a_task_after_the_commit(
    category, image_factory, root_collection, queue, django_capture_on_commit_callbacks
):
    product = make_product(category, name="Lamp")
    with django_capture_on_commit_callbacks(execute=True):
        picture = ProductImage.objects.create(product=product, image=image_factory("lamp"))

    tasks = rendition_tasks(queue)
    assert {result.kwargs["image_id"] for result in tasks} == {picture.image_id}
    assert make_renditions.call(image_id=picture.image_id) == len(PRODUCT_IMAGE_SPECS) == 14
    assert sorted(picture.image.renditions.values_list("filter_spec", flat=True)) == sorted(
        PRODUCT_IMAGE_SPECS
    )
    assert make_renditions.call(image_id=picture.image_id) == 0  # safe to run again


def test_an_image_no_page_uses_yet_gets_no_renditions_ahead(image_factory, root_collection):
    image = image_factory("spare")
    assert make_renditions.call(image_id=image.pk) == 0
    assert make_renditions.call(image_id=image.pk + 1000) == 0  # deleted meanwhile


TAG = re.compile(r"{%\s*(?:picture|image|srcset_image)\s+\S+\s+(.*?)%}")


def template_specs() -> dict[str, set[str]]:
    """Every rendition spec each storefront template asks for, from its image tags."""
    found = {}
    for path in Path(django_settings.BASE_DIR, "templates").rglob("*.html"):
        for arguments in TAG.findall(path.read_text()):
            words = []  # the specs come first, before `as name` or any attribute
            for word in arguments.split():
                if word == "as" or "=" in word:
                    break
                words.append(word)
            found.setdefault(path.name, set()).update(Filter.expand_spec("|".join(words)))
    return found


def test_every_size_a_template_asks_for_is_in_the_one_list():
    found = template_specs()
    assert {"product_card.html", "product_gallery.html", "hero_block.html"} <= set(found)
    for name, specs in found.items():
        assert specs <= STOREFRONT_SPECS, (name, specs - STOREFRONT_SPECS)


def test_storefront_templates_load_the_tags_that_never_encode():
    templates = Path(django_settings.BASE_DIR, "templates").rglob("*.html")
    assert [path.name for path in templates if "wagtailimages_tags" in path.read_text()] == []
