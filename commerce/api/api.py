"""The integration API, version 1: `/api/v1/` (schema at openapi.json, docs at docs)."""

from ninja import NinjaAPI

from commerce.api import catalog, catalog_write, orders, prices, stock, webhooks
from commerce.api.auth import staff_or_token
from commerce.api.errors import only_methods, register_handlers

api = NinjaAPI(
    title="Shop integration API",
    version="1",
    description="Catalog, prices, stock, orders and webhooks for ERP and warehouse systems "
    "(docs/api.md).",
    urls_namespace="api-v1",
    # The schema and the docs: read with GET, by staff or any token holder.
    docs_decorator=lambda view: only_methods("GET")(staff_or_token(view)),
)
register_handlers(api)
api.add_router("", catalog.router)
api.add_router("", catalog_write.router)
api.add_router("", prices.router)
api.add_router("", stock.router)
api.add_router("", orders.router)
api.add_router("", webhooks.router)
