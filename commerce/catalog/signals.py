"""Signals the catalog sends for those above it (the page cache listens)."""

from django.dispatch import Signal

# A worker made renditions of an image (`image_id`): pages rendered with stand-ins can go.
renditions_made = Signal()
