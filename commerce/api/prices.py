"""Prices: `POST /prices` sets the price and compare-at price of many SKUs (products or
variants) at once, now or scheduled, through `commerce.catalog.prices.set_prices`."""

from dataclasses import asdict

from ninja import Router, Status

from commerce.api import schemas
from commerce.api.auth import TokenAuth
from commerce.api.errors import ApiError
from commerce.api.idempotency import run_once
from commerce.api.pagination import aware
from commerce.api.query import only_query
from commerce.api.schemas import Error
from commerce.catalog.prices import UNCHANGED, PriceChange, PriceChangesRejected, set_prices

router = Router(auth=TokenAuth("catalog:write"), tags=["prices"])
ERRORS = {400: Error, 401: Error, 403: Error, 422: Error, 429: Error}


@router.post("/prices", response={200: schemas.PricesOut, **ERRORS})
@only_query()
def update_prices(request, payload: schemas.PricesIn):
    """All or nothing. With `go_live_at`, each product gets a revision scheduled to be
    published then, as when staff schedule an edit in the admin."""
    changes = [
        PriceChange(
            sku=item.sku,
            price=item.price,
            compare_at_price=(
                item.compare_at_price if "compare_at_price" in item.model_fields_set else UNCHANGED
            ),
        )
        for item in payload.prices
    ]
    go_live_at = aware(payload.go_live_at)
    return Status(*run_once(request, lambda: (200, _apply(changes, go_live_at))))


def _apply(changes, go_live_at) -> dict:
    try:
        results = set_prices(changes=changes, go_live_at=go_live_at)
    except PriceChangesRejected as rejected:
        raise ApiError(
            422,
            "invalid",
            "Some prices cannot be set: none was.",
            errors=[
                {"code": problem.code, "message": problem.message, "path": _path(problem)}
                for problem in rejected.problems
            ],
        ) from None
    return {"updated": [asdict(result) for result in results]}


def _path(problem) -> str:
    if problem.index < 0:
        return f"$.{problem.field}"
    path = f"$.prices[{problem.index}]"
    return f"{path}.{problem.field}" if problem.field else path
