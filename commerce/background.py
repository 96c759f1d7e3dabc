"""Background work through Django's Tasks API (django-tasks): enqueue after the commit,
retry transient failures later with a growing delay, and run a side effect at most once.

A task that still fails after `MAX_ATTEMPTS` raises, so the backend records it as failed:
that is the dead letter, listed and retried by `manage.py failed_tasks`.
"""

import functools
import logging
import smtplib
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_DELAY = timedelta(seconds=30)
# A mail server that refuses, drops or times out the connection: worth trying again later.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
DONE_FOR = timedelta(days=30)


def retry_delay(attempt: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min, 2 h 8 min after attempts 1 to 5 (about 2 h 50 in all)."""
    return FIRST_DELAY * 4 ** (attempt - 1)


def enqueue_on_commit(task, **kwargs) -> None:
    """Enqueue `task(**kwargs)` once the current transaction commits (at once outside one);
    a queue that cannot take it is logged, never raised into the caller."""
    transaction.on_commit(functools.partial(task.enqueue, **kwargs), robust=True)


def retry_transient(function):
    """For a task's function (under `@task()`): on a transient error, enqueue the same task
    again with `attempt` + 1 after `retry_delay(attempt)` and return; raise on the last
    attempt or when the backend cannot defer, so the failure is recorded."""

    @functools.wraps(function)
    def run(*, attempt: int = 1, **kwargs):
        try:
            return function(**kwargs)
        except TRANSIENT_ERRORS as error:
            task = import_string(f"{function.__module__}.{function.__name__}")
            name = f"{function.__module__}.{function.__name__}"
            if attempt >= MAX_ATTEMPTS or not task.get_backend().supports_defer:
                logger.error("Task %s failed for good after %d attempts: %r", name, attempt, error)
                raise
            delay = retry_delay(attempt)
            task.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1, **kwargs)
            logger.warning(
                "Task %s failed (attempt %d of %d: %r); retrying in %s",
                name,
                attempt,
                MAX_ATTEMPTS,
                error,
                delay,
            )
            return {"retrying": attempt + 1}

    return run


def run_once(key: str, action) -> bool:
    """Call `action()` unless a run under `key` already succeeded; True when it ran. The mark
    is written after `action` returns, so a failure leaves the way open for a retry."""
    done_key = f"task-done:{key}"
    if cache.get(done_key):
        return False
    action()
    cache.set(done_key, True, timeout=int(DONE_FOR.total_seconds()))
    return True
