"""Catalog background work: renditions made ahead of the first request, and search vectors
refreshed after edits that reach many products. Both are safe to run twice."""

import logging

from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from commerce.catalog.renditions import specs_for
from commerce.catalog.search_index import refresh_search_vectors
from commerce.catalog.signals import renditions_made

logger = logging.getLogger(__name__)


@task()
def make_renditions(*, image_id: int, specs: list[str] | None = None) -> int:
    """Make the image's missing renditions (`specs`, else those its uses need, see
    `renditions.specs_for`); returns how many were made."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    specs = specs_for(image) if specs is None else specs
    before = image.renditions.count()
    try:
        image.get_renditions(*specs)
    except SourceImageIOError:
        logger.warning("Image %s: original file missing, no renditions made", image_id)
        return 0
    made = image.renditions.count() - before
    if made:
        renditions_made.send(sender=type(image), image_id=image_id)
    return made


@task()
def refresh_search(**scope) -> None:
    """`refresh_search_vectors` with the same keyword arguments (JSON: lists, strings, ints)."""
    refresh_search_vectors(**scope)


def queue_renditions_on_save(sender, instance, **kwargs) -> None:
    """A saved image, product picture or category picture: make its renditions after the
    commit (an import's images then cost no request anything)."""
    from commerce.background import enqueue_on_commit

    image_id = instance.pk if isinstance(instance, get_image_model()) else instance.image_id
    if image_id is not None:
        enqueue_on_commit(make_renditions, image_id=image_id)


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from commerce.catalog.models import Category, ProductImage

    for model in (get_image_model(), ProductImage, Category):
        post_save.connect(
            queue_renditions_on_save, sender=model, dispatch_uid=f"renditions_{model.__name__}"
        )
