"""Create and empty the benchmark server's database cache tables, with the server's own
settings: `python -m bench.reset_caches` (the bench scripts run it with
`DJANGO_SETTINGS_MODULE=bench.settings` and the benchmark database's `DATABASE_URL`).

It runs apart from the script because the smoke tests' in-process settings cache in memory,
while the server they start caches in the database (every alias, e.g. the page cache's own).
"""

import django


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    for alias in settings.CACHES:
        if isinstance(caches[alias], DatabaseCache):
            caches[alias].clear()


if __name__ == "__main__":
    main()
