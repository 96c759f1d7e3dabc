"""manage.py import_catalog FILE: see docs/catalog-import.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commerce.catalog.importing import CatalogImportError, import_catalog_file


class Command(BaseCommand):
    help = "Import categories, attributes, warehouses, products, images and stock (JSON or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .json document or a .csv of products")
        parser.add_argument(
            "--progress-every",
            type=int,
            default=50,
            metavar="N",
            help="print progress every N products (0: never; default 50)",
        )

    def handle(self, *args, file: Path, progress_every: int, **options):
        verbose = options["verbosity"] > 0

        def progress(done, total):
            if verbose and progress_every > 0 and (done % progress_every == 0 or done == total):
                self.stdout.write(f"  {done}/{total} products")

        try:
            report = import_catalog_file(file, progress=progress)
        except CatalogImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"{file}: {count} problem{'s' if count != 1 else ''}, nothing was imported."
            ) from None
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        if verbose:
            self.stdout.write(self.style.SUCCESS(report.summary()))
