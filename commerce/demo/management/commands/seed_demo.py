"""`manage.py seed_demo`: the demo shop, imported through the catalog import service."""

import logging
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commerce.catalog.importing import CatalogImportError, import_catalog_document
from commerce.catalog.models import Category, Product
from commerce.demo import checkout_setup, content_pages, homepage, login
from commerce.demo.catalog_document import (
    DEFAULT_IMAGE_SIZE,
    DEFAULT_PRODUCTS,
    build_catalog_document,
)


class Command(BaseCommand):
    help = (
        "Load the demo shop: about 300 products in 21 categories on three levels, attributes, "
        "three warehouses with stock, pictures drawn locally, a demo homepage (welcome text "
        "and sections), delivery and payment methods, information pages and the admin "
        f"login {login.USERNAME} / {login.PASSWORD}. "
        "Safe to run twice: the import matches products by SKU, categories by path, attributes "
        "by slug and warehouses by code, so nothing is duplicated; a plain second run re-applies "
        "the demo values to the demo products (edits to them are overwritten) but keeps "
        "existing pictures. --if-empty imports nothing when any product exists (`make run` uses "
        "it, so your data and edits survive). Either way the admin user is created when missing "
        "(an existing one keeps its password) and an empty homepage gets the welcome text; the "
        "login is printed only when it really works."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Import nothing when the catalog already has products (the admin user and the "
                "homepage welcome are still ensured)."
            ),
        )
        parser.add_argument(
            "--products",
            type=int,
            default=DEFAULT_PRODUCTS,
            help=f"How many products (default {DEFAULT_PRODUCTS}); a smaller demo is a prefix.",
        )
        parser.add_argument(
            "--image-size",
            type=int,
            default=DEFAULT_IMAGE_SIZE,
            help=f"Side of the drawn pictures in pixels (default {DEFAULT_IMAGE_SIZE}).",
        )

    def handle(self, *args, if_empty, products, image_size, **options):
        if products < 1 or image_size < 32:
            raise CommandError("--products must be at least 1 and --image-size at least 32.")
        self.verbosity = options["verbosity"]
        quiet = self.verbosity < 2  # -v 2 shows Wagtail's line per revision and publish
        if if_empty and (existing := Product.objects.count()):
            # Products may come from import_catalog or from a seed that failed after its import
            # committed: the login and the welcome are still ensured.
            login_line = self.ensure_login_and_welcome(quiet)
            self.stdout.write(
                f"Demo shop already loaded ({existing} products): nothing imported; {login_line}"
            )
            return
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="seed-demo-") as folder, _wagtail_logs(quiet):
            document = build_catalog_document(
                Path(folder),
                products=products,
                image_size=image_size,
                progress=self.progress,
                keep_pictures_of=_skus_with_pictures(),
                keep_category_pictures_of=_categories_with_pictures(),
            )
            self.progress(f"Importing {len(document['products'])} products...")
            try:
                report = import_catalog_document(
                    document, base_dir=Path(folder), progress=self.import_progress
                )
            except CatalogImportError as error:
                raise CommandError(f"The demo document does not import:\n{error}") from error
        self.progress(
            f"{report.summary()}; {report.images_created} new pictures, "
            f"{report.images_reused} reused"
        )
        if report.products_updated and not report.products_created:
            self.progress("The demo was loaded before: demo values re-applied, nothing duplicated.")
        login_line = self.ensure_login_and_welcome(quiet)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo shop ready: {len(document['products'])} products, "
                f"{len(document['categories'])} categories, "
                f"{len(document['attributes'])} attributes, "
                f"{len(document['warehouses'])} warehouses, "
                f"{login_line} ({time.perf_counter() - started:.1f}s)"
            )
        )

    def ensure_login_and_welcome(self, quiet: bool) -> str:
        """Create the demo superuser when missing and publish the homepage welcome when the
        intro is empty; return the login line, with the demo password only when it works."""
        if login.ensure_demo_superuser():
            self.progress(f"Created the superuser {login.USERNAME}.")
        else:
            self.progress(f"The user {login.USERNAME} exists already: left as it is.")
        created = checkout_setup.ensure_checkout_setup()
        with _wagtail_logs(quiet):
            created += content_pages.ensure_content_pages()
        if created:
            self.progress(f"Created {', '.join(created)}.")
        with _wagtail_logs(quiet):
            welcomed = homepage.ensure_welcome_intro()
        if welcomed:
            self.progress(
                "Published the demo homepage: a welcome text and a section of every kind."
            )
        problem = login.demo_login_problem()
        if problem is None:
            return f"login {login.USERNAME} / {login.PASSWORD}"
        self.stdout.write(
            self.style.WARNING(
                f"The demo login {login.USERNAME} / {login.PASSWORD} does not work: {problem}."
            )
        )
        return "no demo login (see above)"

    def progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  {message}")

    def import_progress(self, done: int, total: int) -> None:
        """The import service reports each product; one line per 50 is enough."""
        if done % 50 == 0 or done == total:
            self.progress(f"Imported products: {done}/{total}")


def _skus_with_pictures() -> set[str]:
    """Products that have a gallery keep it: re-importing would add every picture again."""
    return set(Product.objects.filter(images__isnull=False).values_list("sku", flat=True))


def _categories_with_pictures() -> set[str]:
    return set(Category.objects.filter(image__isnull=False).values_list("path", flat=True))


@contextmanager
def _wagtail_logs(quiet: bool):
    """Wagtail logs two INFO lines per saved revision: 600 lines that bury the progress."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    if quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
