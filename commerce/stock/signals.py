"""Sent after commit when what shoppers are told about stock may have changed for these
products (guarded `UPDATE`s send no model signals). The page cache listens."""

from django.dispatch import Signal

# product_ids: list[int]
availability_changed = Signal()


def send_after_commit(product_ids) -> None:
    from django.db import transaction

    ids = sorted(set(product_ids))
    if ids:
        transaction.on_commit(
            lambda: availability_changed.send(sender=None, product_ids=ids), robust=True
        )
