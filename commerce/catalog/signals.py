"""Signals the catalog sends for those above it (the page cache listens)."""

from django.dispatch import Signal

# A worker made renditions of an image (`image_id`): pages rendered with stand-ins can go.
renditions_made = Signal()

# Products changed by a bulk write that saves no Product row (`product_ids`), sent after
# commit: e.g. variant prices set through the API. Saved products send post_save instead.
products_changed = Signal()

# The catalog generation moved on (commerce.catalog.generation.advance): anything a shopper
# could see of the catalog changed. Sent at once, inside the writer's transaction; the page
# cache listens.
catalog_changed = Signal()
