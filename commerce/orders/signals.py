"""Signals orders sends, after commit, for the apps above it (the webhooks listen).

Each is sent with keyword arguments only and `sender=None`:
- `order_placed`: `order_id`, once the order and its lines are committed;
- `order_status_changed`: `order_id`, `from_status`, `to_status`, after each recorded step.
"""

from django.db import transaction
from django.dispatch import Signal

order_placed = Signal()
order_status_changed = Signal()


def send_after_commit(signal: Signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs), robust=True)
