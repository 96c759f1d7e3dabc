"""The integration API, version 1: `/api/v1/` (schema at openapi.json, docs at docs)."""

from ninja import NinjaAPI

from commerce.api import catalog, catalog_write, orders, prices, stock, webhooks
from commerce.api.auth import staff_or_token
from commerce.api.errors import register_handlers

api = NinjaAPI(
    title="Shop integration API",
    version="1",
    description="Catalog, prices, stock, orders and webhooks for ERP and warehouse systems "
    "(docs/api.md).",
    urls_namespace="api-v1",
    docs_decorator=staff_or_token,
)
register_handlers(api)
api.add_router("", catalog.router)
api.add_router("", catalog_write.router)
api.add_router("", prices.router)
api.add_router("", stock.router)
api.add_router("", orders.router)
api.add_router("", webhooks.router)
