"""Image files named by an import: read, checked and hashed before the import's transaction
(no database needed), stored in Wagtail's library while writing. Files are matched by content
(Wagtail's `file_hash`), so importing the same picture again reuses the library image instead
of adding a copy."""

import contextlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db.models import prefetch_related_objects
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import get_root_collection_id
from wagtail.search.backends import get_search_backends
from wagtail.utils.file import hash_filelike

from commerce.catalog.importing.problems import Invalid

# Pillow's format name -> the file extension Wagtail knows it by.
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
TITLE_MAX_LENGTH = 255


@dataclass(frozen=True)
class CheckedFile:
    """A checked image file: readable, accepted, and hashed."""

    path: Path
    file_hash: str
    extension: str
    width: int
    height: int
    size: int  # bytes


@dataclass(frozen=True)
class ImageSource:
    """A checked image file as one row uses it; `title` names a new library image (the first
    use in the file names it)."""

    file: CheckedFile
    title: str

    @property
    def file_hash(self) -> str:
        return self.file.file_hash


class ImageFileChecker:
    """Checks each distinct file once; paths are relative to the imported file's folder.

    Reading, verifying and hashing the files needs no database, so `inspect_all` does it
    before the import's transaction; `check` then answers from what it found.
    """

    def __init__(self, base_dir: Path | None):
        self.base_dir = base_dir  # None: files are refused (the document has no folder)
        self._inspected: dict[Path, CheckedFile | Invalid] = {}

    def inspect_all(self, raw_paths) -> None:
        """Inspects every path; `check` reports the bad ones, at the rows that use them."""
        for raw_path in raw_paths:
            if isinstance(raw_path, str) and raw_path.strip():
                with contextlib.suppress(Invalid):
                    self._file(raw_path)

    def check(self, raw_path, *, title: str) -> ImageSource:
        if not isinstance(raw_path, str) or not raw_path.strip():
            raise Invalid("must be the path of an image file")
        image_file = self._file(raw_path)
        return ImageSource(
            file=image_file, title=(title or image_file.path.stem)[:TITLE_MAX_LENGTH]
        )

    def _file(self, raw_path: str) -> CheckedFile:
        if self.base_dir is None:
            raise Invalid("image files cannot be given here: add images in the admin")
        path = Path(raw_path.strip()).expanduser()
        if not path.is_absolute():
            path = self.base_dir / path
        if path not in self._inspected:
            try:
                self._inspected[path] = _inspect(path)
            except Invalid as error:
                self._inspected[path] = error
        result = self._inspected[path]
        if isinstance(result, Invalid):
            raise result
        return result


def _inspect(path: Path) -> CheckedFile:
    if not path.is_file():
        raise Invalid(f"no image file at {path}")
    size = path.stat().st_size
    max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)
    if max_size and size > max_size:
        raise Invalid(f"{path.name} is larger than {max_size // (1024 * 1024)} MB")
    try:
        with PILImage.open(path) as picture:
            image_format, (width, height) = picture.format, picture.size
            picture.verify()
    except Exception:
        raise Invalid(f"{path.name} is not an image Pillow can read") from None
    extension = EXTENSIONS.get(image_format)
    if extension is None or extension not in get_allowed_image_extensions():
        raise Invalid(f"{path.name}: {image_format} images are not accepted")
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if max_pixels and width * height > max_pixels:
        raise Invalid(f"{path.name} has too many pixels ({width}×{height})")
    with path.open("rb") as file:
        file_hash = hash_filelike(file)
    return CheckedFile(
        path=path,
        file_hash=file_hash,
        extension=extension,
        width=width,
        height=height,
        size=size,
    )


def store_images(sources, *, created_files: list[str]) -> tuple[dict, list]:
    """Library images for the sources, by file hash, and the ones created.

    New images are written in bulk: each file is copied to storage as it is (never decoded
    or encoded again: its size and dimensions come from the check), then one INSERT for the
    rows and one for their search index entries. The names of files written to storage are
    appended to `created_files`, so a failed import can delete them (the database rolls back;
    storage does not).
    """
    image_model = get_image_model()
    by_hash = {}
    for source in sources:
        by_hash.setdefault(source.file_hash, source)  # the first use names the image
    library = {}
    for image in image_model.objects.filter(file_hash__in=list(by_hash)).order_by("-pk"):
        library[image.file_hash] = image  # the oldest copy wins
    new_sources = [source for file_hash, source in by_hash.items() if file_hash not in library]
    if not new_sources:
        return library, []
    collection_id = get_root_collection_id()
    file_field = image_model._meta.get_field("file")
    naming = image_model(collection_id=collection_id)  # upload_to needs an instance
    created = []
    for source in new_sources:
        checked = source.file
        with checked.path.open("rb") as file:
            name = file_field.storage.save(
                file_field.generate_filename(naming, f"{checked.path.stem}.{checked.extension}"),
                File(file),
            )
        created_files.append(name)
        created.append(
            image_model(
                title=source.title,
                file=name,
                width=checked.width,
                height=checked.height,
                file_size=checked.size,
                file_hash=checked.file_hash,
                collection_id=collection_id,
            )
        )
    image_model.objects.bulk_create(created)
    _add_to_search_index(image_model, created)
    library.update((image.file_hash, image) for image in created)
    return library, created


def _add_to_search_index(image_model, images: list) -> None:
    """What saving each image would do (bulk_create sends no signals), in one INSERT."""
    prefetch_related_objects(images, "tags")
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(image_model, images)
