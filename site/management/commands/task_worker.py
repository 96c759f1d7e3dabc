"""`db_worker` that first waits for its table: `make run` starts it beside a server that may
still be applying the migrations on a fresh machine.

At the default verbosity it reports failed tasks only (every start and finish of the demo's
hundreds of picture tasks would bury the server's output); `-v 2` shows them all."""

import logging
import time

from django.db import connection
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


class Command(db_worker.Command):
    help = "Run the database task worker once the migrations have created its table."

    def handle(self, *args, **options):
        while DBTaskResult._meta.db_table not in connection.introspection.table_names():
            time.sleep(1)
        connection.close()
        super().handle(*args, **options)

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity == 1:
            logging.getLogger(db_worker.TASKS_LOGGER).setLevel(logging.WARNING)
