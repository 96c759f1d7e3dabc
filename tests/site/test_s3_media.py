"""Media on S3: a real S3-compatible server (moto) on loopback, started by the test.

The storage configuration under test is the one production builds from the environment
(`storefront.settings.storage.media_storage`).
"""

import io
import re

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.images import get_image_model

from commerce.catalog.models import ProductImage
from storefront.settings.storage import media_storage
from tests.fixtures.catalog import make_product
from tests.site.test_gunicorn import free_port

BUCKET = "shop-media"
CDN = "cdn.shop.example"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.resource("s3", endpoint_url=s3_endpoint, region_name="eu-central-1")
    bucket = s3.Bucket(BUCKET)
    bucket.create(CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()


def use_s3(settings, s3_endpoint, *, cdn_domain=""):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            bucket=BUCKET,
            endpoint_url=s3_endpoint,
            region="eu-central-1",
            cdn_domain=cdn_domain,
        ),
    }


def keys(bucket) -> set[str]:
    return {item.key for item in bucket.objects.all()}


def png(name="lamp.png") -> io.BytesIO:
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 200), "#c05621").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def upload_in_admin(admin_client, root_collection):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Desk lamp", "file": png(), "collection": root_collection.pk},
    )
    assert response.status_code == 302, response.content[:500]
    return get_image_model().objects.get(title="Desk lamp")


def product_with(image, category, warehouse):
    from tests.fixtures.catalog import set_stock

    product = make_product(category, name="Desk Lamp", price="39.00")
    ProductImage.objects.create(product=product, image=image, sort_order=0)
    set_stock(product, warehouse, 4)
    return product


@pytest.mark.django_db
def test_an_uploaded_image_and_its_renditions_go_to_the_bucket(
    settings, s3_endpoint, bucket, admin_client, root_collection, category, warehouse
):
    use_s3(settings, s3_endpoint, cdn_domain=CDN)

    image = upload_in_admin(admin_client, root_collection)
    assert keys(bucket) == {image.file.name}
    assert image.file.name.startswith("original_images/lamp")

    product = product_with(image, category, warehouse)
    page = admin_client.get(product.get_absolute_url()).content.decode()

    renditions = {key for key in keys(bucket) if key.startswith("images/")}
    assert renditions, "the product page made no rendition in the bucket"
    linked = set(re.findall(rf"https://{re.escape(CDN)}/(images/[^\"' ?]+)", page))
    assert linked and linked <= renditions  # every picture on the page is served by the CDN
    assert s3_endpoint not in page


@pytest.mark.django_db
def test_without_a_cdn_image_urls_are_signed(
    settings, s3_endpoint, bucket, admin_client, root_collection
):
    use_s3(settings, s3_endpoint)
    image = upload_in_admin(admin_client, root_collection)
    url = image.get_rendition("fill-100x100").url
    assert url.startswith(f"{s3_endpoint}/{BUCKET}/images/")
    assert "X-Amz-Signature=" in url


@pytest.mark.django_db
def test_a_second_file_of_the_same_name_does_not_overwrite_the_first(
    settings, s3_endpoint, bucket, admin_client, root_collection
):
    use_s3(settings, s3_endpoint)
    first = upload_in_admin(admin_client, root_collection)
    first.title = "First lamp"
    first.save()
    second = upload_in_admin(admin_client, root_collection)
    assert first.file.name != second.file.name
    assert keys(bucket) == {first.file.name, second.file.name}


@pytest.mark.django_db
def test_deleting_an_image_removes_its_objects(
    settings,
    s3_endpoint,
    bucket,
    admin_client,
    root_collection,
    django_capture_on_commit_callbacks,
):
    use_s3(settings, s3_endpoint)
    image = upload_in_admin(admin_client, root_collection)
    image.get_rendition("fill-100x100")
    assert len(keys(bucket)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))

    assert response.status_code == 302
    assert keys(bucket) == set()
