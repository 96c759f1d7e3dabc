"""Catalog writes: `POST /catalog` upserts products and their variants by SKU through the
catalog import (`commerce.catalog.importing`), the same checks and writes as
`manage.py import_catalog`: the whole batch is checked, then written in one transaction."""

from ninja import Router, Status

from commerce.api import schemas
from commerce.api.auth import TokenAuth
from commerce.api.errors import ApiError
from commerce.api.idempotency import run_once
from commerce.api.query import only_query
from commerce.api.schemas import Error
from commerce.catalog.importing import CatalogImportError, import_catalog_document

router = Router(auth=TokenAuth("catalog:write"), tags=["catalog"])
ERRORS = {400: Error, 401: Error, 403: Error, 422: Error, 429: Error}


@router.post("/catalog", response={200: schemas.CatalogUpsertOut, **ERRORS}, exclude_none=True)
@only_query()
def upsert_catalog(request, payload: schemas.CatalogUpsertIn):
    """Products by SKU: a new SKU is created (and published), a known one updated with the
    fields given (a live product is published, one that is not live gets a draft). A product
    given with `variants` ends up with exactly those. Any problem writes nothing."""
    document = payload.model_dump(exclude_unset=True)
    return Status(*run_once(request, lambda: (200, _import(document))))


def _import(document: dict) -> dict:
    try:
        report = import_catalog_document(document, base_dir=None)
    except CatalogImportError as error:
        raise ApiError(
            422,
            "invalid",
            "The catalog has problems: nothing was written.",
            errors=[
                {"code": problem.code, "message": problem.message, "path": f"$.{problem.location}"}
                for problem in error.problems
            ],
        ) from None
    return {
        "created": report.products_created,
        "updated": report.products_updated,
        "variants": report.variants,
        "stock_records": report.stock_records,
        "warnings": report.warnings,
    }
