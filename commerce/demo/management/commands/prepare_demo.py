"""`manage.py prepare_demo`: what `make run` does before the server starts, in one process.

`migrate`, `createcachetable` and `seed_demo --if-empty` as three commands start Django three
times, and `migrate` with nothing to apply still runs every post-migrate handler (content
types, permissions, Wagtail's). Here the migration plan is read first and `migrate` runs only
when it is not empty, exactly as `migrate --check` decides.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def unapplied_migrations(database: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations `migrate` would apply, as "app.name"; empty when the schema is current."""
    executor = MigrationExecutor(connections[database])
    targets = executor.loader.graph.leaf_nodes()
    return [
        f"{migration.app_label}.{migration.name}"
        for migration, _ in executor.migration_plan(targets)
    ]


class Command(BaseCommand):
    help = (
        "Prepare the database for `make run`: apply missing migrations (skipped when none "
        "are), create the cache table when missing, and load the demo shop when the catalog "
        "is empty (seed_demo --if-empty)."
    )

    def handle(self, *args, **options):
        prepare(self.stdout, verbosity=options["verbosity"])


def prepare(stdout, *, verbosity: int = 1) -> None:
    """Migrate when needed, the cache table, the demo shop once; ends with one summary line."""
    started = time.perf_counter()
    pending = unapplied_migrations()
    if pending:
        stdout.write(f"Applying {len(pending)} migrations...")
        # To the terminal itself: migrate's "Applying x... OK" lines need their own ending.
        call_command("migrate", interactive=False, verbosity=min(verbosity, 1))
    call_command("createcachetable", verbosity=verbosity, stdout=stdout)
    call_command("seed_demo", if_empty=True, verbosity=verbosity, stdout=stdout)
    stdout.write(
        f"Database ready in {time.perf_counter() - started:.1f}s "
        f"({len(pending) or 'no'} migrations applied)."
    )
