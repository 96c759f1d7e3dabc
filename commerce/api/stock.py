"""Stock sync: `POST /stock` sets many (SKU, warehouse) quantities at once, all or nothing."""

from ninja import Router, Status

from commerce.api import schemas
from commerce.api.auth import TokenAuth
from commerce.api.errors import ApiError
from commerce.api.idempotency import run_once
from commerce.api.query import only_query
from commerce.api.schemas import Error
from commerce.catalog.models import ProductVariant
from commerce.stock.models import Warehouse
from commerce.stock.services import StockUpdate, StockUpdatesRejected, apply_stock_updates

router = Router(auth=TokenAuth("stock:write"), tags=["stock"])


@router.post(
    "/stock",
    exclude_none=True,
    response={
        200: schemas.StockBatchOut,
        400: Error,
        401: Error,
        403: Error,
        409: Error,
        422: Error,
        429: Error,
    },
)
@only_query()
def set_stock(request, payload: schemas.StockBatchIn):
    """Absolute `quantity` (optionally guarded by `expected`) or `delta` per (sku,
    warehouse). The whole batch is checked first; any error applies nothing."""
    return Status(*run_once(request, lambda: (200, _apply(payload.updates))))


def _apply(items: list[schemas.StockUpdateIn]) -> dict:
    # Stock is per variant: a SKU names a variant (a product's only variant has its SKU).
    products = {
        sku: (product_id, variant_id)
        for sku, product_id, variant_id in ProductVariant.objects.filter(
            sku__in={item.sku for item in items}
        ).values_list("sku", "product_id", "pk")
    }
    warehouses = dict(
        Warehouse.objects.filter(code__in={item.warehouse for item in items}).values_list(
            "code", "pk"
        )
    )
    errors = [
        {
            "code": f"unknown_{field}",
            "message": f"No {field} {value!r}.",
            "path": f"$.updates[{i}].{field}",
        }
        for i, item in enumerate(items)
        for field, value, known in (
            ("sku", item.sku, products),
            ("warehouse", item.warehouse, warehouses),
        )
        if value not in known
    ]
    if errors:
        raise ApiError(
            422, "invalid", "Unknown SKUs or warehouses: nothing was applied.", errors=errors
        )
    updates = [
        StockUpdate(
            product_id=products[item.sku][0],
            variant_id=products[item.sku][1],
            warehouse_id=warehouses[item.warehouse],
            quantity=item.quantity,
            expected=item.expected,
            delta=item.delta,
        )
        for item in items
    ]
    try:
        quantities = apply_stock_updates(updates=updates)
    except StockUpdatesRejected as rejected:
        raise _rejection(rejected) from None
    return {
        "updated": [
            {"sku": item.sku, "warehouse": item.warehouse, "quantity": quantity}
            for item, quantity in zip(items, quantities, strict=True)
        ]
    }


MESSAGES = {
    "conflict": "The warehouse no longer holds the expected quantity.",
    "negative": "The delta would take stock below zero.",
    "too_large": "The result is too large.",
}


def _rejection(rejected: StockUpdatesRejected) -> ApiError:
    errors = [
        {
            "code": problem.code,
            "message": MESSAGES[problem.code],
            "path": f"$.updates[{problem.index}]",
            "current": problem.current,
        }
        for problem in rejected.problems
    ]
    if any(problem.code == "conflict" for problem in rejected.problems):
        return ApiError(
            409, "conflict", "Stock changed meanwhile: nothing was applied.", errors=errors
        )
    return ApiError(422, "invalid", "Some updates cannot be applied: nothing was.", errors=errors)
