"""Wagtail's reference index (the admin's "usage" of an image, a category) for objects an
import has just inserted in bulk."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex


def index_references_of_new_objects(model, objects: list) -> None:
    """What each new object refers to, in one INSERT.

    ReferenceIndex.create_or_update_for_object reads an object's rows and then writes the
    difference, two queries per object; a new object has no rows yet, so the reading is
    skipped (through Wagtail's own extraction, the one its update uses).
    """
    if not objects or not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = ReferenceIndex._get_base_content_type(model)
    ReferenceIndex.objects.bulk_create(
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=instance.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for instance in objects
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(instance)
        )
    )
