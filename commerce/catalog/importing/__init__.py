"""Catalog import: warehouses, attributes, categories, products, images and stock from a JSON
document or a product CSV (format: docs/catalog-import.md).

The whole document is checked first and every problem is reported with its place in the file;
only a document without problems is written, so a bad file imports nothing. The checks that
read the database and the writes share one transaction, which locks the rows it will update:
what was checked is what gets written, and no edit made meanwhile is overwritten. Image files
are read and hashed before that transaction (no database needed, and the slow part).
`manage.py import_catalog` and `manage.py seed_demo` both go through here.
"""

import time
from pathlib import Path

from commerce.catalog.importing.parsing import load_catalog_file
from commerce.catalog.importing.problems import CatalogImportError, Problem
from commerce.catalog.importing.report import ImportReport
from commerce.catalog.importing.validation import check_image_files, validate_document
from commerce.catalog.importing.writing import import_transaction, write_plan

__all__ = [
    "CatalogImportError",
    "ImportReport",
    "Problem",
    "import_catalog_document",
    "import_catalog_file",
    "load_catalog_file",
]


def import_catalog_document(
    document: dict, *, base_dir: Path | None, progress=None
) -> ImportReport:
    """Imports a catalog document; image paths are relative to `base_dir`. Without one (a
    document sent to the API), naming an image file is a problem: no file is read.

    `progress(done, total)` is called after each product. Raises CatalogImportError (and
    writes nothing) when the document has problems.
    """
    started = time.monotonic()
    images = check_image_files(document, base_dir=base_dir)
    with import_transaction() as created_files:
        plan = validate_document(document, images=images)
        report = write_plan(plan, created_files=created_files, progress=progress)
    report.seconds = time.monotonic() - started
    return report


def import_catalog_file(path: str | Path, *, progress=None) -> ImportReport:
    """Imports a .json or .csv file; image paths are relative to the file's folder."""
    path = Path(path)
    document = load_catalog_file(path)
    return import_catalog_document(document, base_dir=path.parent, progress=progress)
