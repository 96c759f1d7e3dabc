"""Keeps `Product.search_vector` in step with the catalog, in SQL so it works in bulk too.

Weights: name and SKU (A), category trail and attribute values (B), description (C). The
vector is written by the database from the rows themselves, so imports, generators and admin
edits all produce the same document.
"""

from django.db import connection

from commerce.catalog import generation

SEARCH_CONFIG = "english"

_UPDATE_SQL = f"""
UPDATE catalog_product AS product
SET search_vector =
    setweight(to_tsvector('{SEARCH_CONFIG}', product.name), 'A')
    || setweight(to_tsvector('simple', product.sku), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(above.name, ' ')
        FROM catalog_category AS own
        JOIN catalog_category AS above
          ON own.path = above.path OR starts_with(own.path, above.path || '/')
        WHERE own.id = product.category_id
    ), '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(option.value, ' ')
        FROM catalog_product_attribute_options AS link
        JOIN catalog_attributeoption AS option ON option.id = link.attributeoption_id
        WHERE link.product_id = product.id
    ), '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}',
        regexp_replace(product.description, '<[^>]*>', ' ', 'g')), 'C')
"""


def refresh_search_vectors(*, product_ids=None, category_path=None, option_id=None) -> None:
    """Recompute the vectors of the given products, of a category's subtree, of the products
    carrying an attribute option, or (no argument) of every product."""
    write_search_vectors(product_ids=product_ids, category_path=category_path, option_id=option_id)
    generation.advance()  # searches may find other products now


def write_search_vectors(*, product_ids=None, category_path=None, option_id=None) -> None:
    """The vectors only, telling no cache: what a migration may call (while migrating, the
    database cache's table may not exist yet)."""
    where, params = "", []
    if product_ids is not None:
        where, params = "WHERE product.id = ANY(%s)", [list(product_ids)]
    elif category_path is not None:
        where = (
            "WHERE product.category_id IN (SELECT id FROM catalog_category "
            "WHERE path = %s OR starts_with(path, %s))"
        )
        params = [category_path, f"{category_path}/"]
    elif option_id is not None:
        where = (
            "WHERE product.id IN (SELECT product_id FROM catalog_product_attribute_options "
            "WHERE attributeoption_id = %s)"
        )
        params = [option_id]
    with connection.cursor() as cursor:
        cursor.execute(f"{_UPDATE_SQL} {where}", params)


def refresh_search_vectors_later(**scope) -> None:
    """`refresh_search_vectors(**scope)` in a worker once the current transaction commits:
    for edits that reach many products (a category's subtree, an attribute value)."""
    from commerce.background import enqueue_on_commit
    from commerce.catalog.tasks import refresh_search  # the task imports this module

    enqueue_on_commit(refresh_search, **scope)
