"""The test settings for the task workers tests/site/test_mail_outage.py starts: the database
task queue, mail over SMTP to the test's own server, and a cache every worker run shares (the
mark that a mail went out)."""

import os

from storefront.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("TEST_SMTP_PORT", "25"))
EMAIL_TIMEOUT = 5
CACHES["default"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("TEST_TASKS_CACHE_DIR", "/tmp/storefront-test-tasks-cache"),
}
