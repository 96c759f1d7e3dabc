"""`db_worker` that first waits for its table: `make run` starts it beside a server that may
still be applying the migrations on a fresh machine."""

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
