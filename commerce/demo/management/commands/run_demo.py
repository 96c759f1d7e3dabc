"""`manage.py run_demo [addrport]`: `make run` in one command, prepare_demo then runserver.

Django's development server starts Django twice (a watcher process and the server it
restarts on every change); preparing the database inside the watcher saves a third start,
and the server it restarts does not prepare again.
"""

import os

from django.core.management.commands.runserver import Command as RunserverCommand
from django.db import connections

from commerce.demo.management.commands.prepare_demo import prepare


class Command(RunserverCommand):
    help = "Prepare the database (see prepare_demo), then run the development server."

    def handle(self, *args, **options):
        if os.environ.get("RUN_MAIN") != "true":  # the watcher, or --noreload: once
            prepare(self.stdout, verbosity=options["verbosity"])
            connections.close_all()  # the watcher keeps no idle connection
        super().handle(*args, **options)
