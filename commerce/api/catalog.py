"""Catalog reads: products, categories, attributes, warehouses."""

from ninja import Query, Router

from commerce.api import schemas, selectors
from commerce.api.auth import TokenAuth
from commerce.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from commerce.api.query import only_query
from commerce.api.schemas import Error

router = Router(auth=TokenAuth("catalog:read"), tags=["catalog"])
# Every read: no or a bad token, a token without the scope, an unknown query parameter, over
# the rate limit. 400: a cursor this API did not give out.
ERRORS = {401: Error, 403: Error, 422: Error, 429: Error}


@router.get("/products", response={200: schemas.ProductPage, 400: Error, **ERRORS})
@only_query("updated_since", "cursor", "limit", "sku")
def list_products(
    request,
    updated_since: Query[schemas.Since | None] = None,
    cursor: Query[schemas.Cursor | None] = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    sku: Query[schemas.Sku | None] = None,
):
    """Every product (also hidden and unpublished ones), oldest change first. Pass
    `next_cursor` back as `cursor` until it is null; store the last `updated_at` and pass it
    as `updated_since` on the next run. Stock changes do not move `updated_at`."""
    queryset = selectors.products()
    if sku:
        queryset = queryset.filter(sku=sku)
    rows, next_cursor = page(queryset, cursor=cursor, updated_since=updated_since, limit=limit)
    return {"items": [selectors.product_data(p) for p in rows], "next_cursor": next_cursor}


@router.get("/categories", response={200: list[schemas.Category], **ERRORS})
@only_query()
def list_categories(request):
    return list(selectors.categories())


@router.get("/attributes", response={200: list[schemas.AttributeDefinitionOut], **ERRORS})
@only_query()
def list_attributes(request):
    """Attributes (material, size, colour) and their options; products and variants name
    them by slug (`attributes`, `options`)."""
    return selectors.attributes()


@router.get("/warehouses", response={200: list[schemas.Warehouse], **ERRORS})
@only_query()
def list_warehouses(request):
    return list(selectors.warehouses())
