"""The API's request and response shapes. Requests forbid unknown fields.

Products carry `variants`: a product without options has one, its default variant (the
product's SKU); one sold in sizes or colours has one per combination, each with its options,
the price a shopper pays for it and its stock. The product's `stock` adds its variants up."""

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    model_validator,
)

INT_MAX = 2**31 - 1
# No control characters (C0, DEL, C1) nor U+FFFD, which the request guard refuses in a query.
Sku = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f-\x9f\ufffd]+$")]
WarehouseCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[-a-zA-Z0-9_]+$")]
Quantity = Annotated[int, Field(ge=0, le=INT_MAX, strict=True)]
Delta = Annotated[int, Field(ge=-INT_MAX, le=INT_MAX, strict=True)]


ISO_DATE_START = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value):
    """Pydantic also reads a number as Unix time; the schema promises ISO 8601 only."""
    if not isinstance(value, str) or not ISO_DATE_START.match(value):
        raise ValueError("An ISO 8601 date and time, e.g. 2026-12-06T08:00:00Z.")
    return value


Since = Annotated[datetime, BeforeValidator(_iso_only)]
Cursor = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[-A-Za-z0-9_]+$")]
Note = Annotated[str, Field(max_length=200, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Catalog


class StockLevel(Schema):
    warehouse: str
    quantity: int


class Attribute(Schema):
    attribute: str
    value: str


class Variant(Schema):
    sku: str
    options: list[Attribute]
    price: Decimal
    compare_at_price: Decimal | None
    is_default: bool
    image: str | None
    stock: list[StockLevel]


class CategoryRef(Schema):
    id: int
    name: str
    path: str


class Product(Schema):
    id: int
    sku: str
    name: str
    slug: str
    status: str
    live: bool
    price: Decimal
    compare_at_price: Decimal | None
    category: CategoryRef
    attributes: list[Attribute]
    images: list[str]
    stock: list[StockLevel]
    variants: list[Variant]
    updated_at: datetime


class ProductPage(Schema):
    items: list[Product]
    next_cursor: str | None


class Category(Schema):
    id: int
    name: str
    slug: str
    path: str
    parent_id: int | None
    is_active: bool
    is_listed: bool
    position: int


class AttributeOptionOut(Schema):
    slug: str
    value: str


class AttributeDefinitionOut(Schema):
    slug: str
    name: str
    is_filterable: bool = Field(description="Offered as a filter on listings.")
    is_shown_on_cards: bool
    position: int
    options: list[AttributeOptionOut] = Field(description="In the order shoppers see them.")


class Warehouse(Schema):
    code: str
    name: str
    priority: int
    is_active: bool


# Stock


class StockUpdateIn(Request):
    """Either `quantity` (absolute, optionally guarded by `expected`) or `delta`."""

    sku: Sku
    warehouse: WarehouseCode
    quantity: Quantity | None = None
    expected: Quantity | None = None
    delta: Delta | None = None

    @model_validator(mode="after")
    def one_kind(self):
        if (self.quantity is None) == (self.delta is None):
            raise ValueError("Give exactly one of quantity and delta.")
        if self.delta is not None and self.expected is not None:
            raise ValueError("expected guards an absolute quantity, not a delta.")
        return self


class StockBatchIn(Request):
    updates: Annotated[list[StockUpdateIn], Field(min_length=1, max_length=10_000)]


class StockResult(Schema):
    sku: str
    warehouse: str
    quantity: int


class StockBatchOut(Schema):
    updated: list[StockResult]


# Orders


class Allocation(Schema):
    warehouse: str
    quantity: int


class OrderLine(Schema):
    sku: str
    name: str
    unit_price: Decimal
    quantity: int
    line_total: Decimal
    allocations: list[Allocation]


class Customer(Schema):
    email: str
    name: str
    phone: str


class Address(Schema):
    line1: str
    line2: str
    postal_code: str
    city: str
    country: str


class HistoryStep(Schema):
    from_status: str
    to_status: str
    actor: str
    note: str
    at: datetime


class Order(Schema):
    number: str
    status: str
    payment_state: str
    payment_method: str
    delivery_method: str
    customer: Customer
    shipping_address: Address
    currency: str
    subtotal: Decimal
    delivery_cost: Decimal
    discount: Decimal
    total: Decimal
    coupon_code: str
    carrier: str = Field(description="Set when the order is shipped; empty until then.")
    tracking_number: str = Field(description="Set when the order is shipped; empty until then.")
    lines: list[OrderLine]
    history: list[HistoryStep]
    created_at: datetime
    updated_at: datetime


class OrderPage(Schema):
    items: list[Order]
    next_cursor: str | None


class TransitionIn(Request):
    note: Note = ""


# What an order keeps of its shipment (commerce.orders.models.Order), on one line.
ShipmentText = Annotated[str, Field(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")]


class ShipIn(Request):
    carrier: ShipmentText = Field("", description='Who carries the parcel, e.g. "DHL".')
    tracking_number: ShipmentText = Field("", description="Shown to the customer.")
    note: Note = Field("", description="For the order's history; default: carrier and number.")


class ErrorItem(Schema):
    code: str
    message: str
    path: str
    current: int | None = Field(None, description="A stock row's quantity now.")


class Error(Schema):
    """`path` is the request's path; each item of `errors` has the JSON path of its value."""

    code: str
    message: str
    path: str
    errors: list[ErrorItem] | None = None
    field: str | None = Field(
        None,
        description="A request the schema refuses (422 invalid): the JSON path of its first "
        "problem, the same as `errors[0].path`.",
    )
    current_status: str | None = Field(None, description="An order's status now.")
    scope: str | None = Field(None, description="403: the scope the token lacks.")


OrderStatusFilter = Literal["new", "paid", "shipped", "delivered", "cancelled"]


# Webhooks

Id = Annotated[int, Field(ge=1, le=INT_MAX)]
EventName = Literal[
    "order.created", "order.paid", "order.status_changed", "stock.low", "product.updated"
]
Events = Annotated[list[EventName], Field(min_length=1, max_length=5)]
SubscriptionName = Annotated[
    str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")
]


def _web_url(value: str) -> str:
    from django.core.exceptions import ValidationError

    from commerce.webhooks.models import WEB_URL

    try:
        WEB_URL(value)
    except ValidationError:
        raise ValueError("An http:// or https:// URL.") from None
    return value


WebUrl = Annotated[str, Field(max_length=500), AfterValidator(_web_url)]


class SubscriptionIn(Request):
    name: SubscriptionName
    url: WebUrl
    events: Events
    is_active: StrictBool = True


class SubscriptionPatch(Request):
    name: SubscriptionName = None
    url: WebUrl = None
    events: Events = None
    is_active: StrictBool = None

    @model_validator(mode="after")
    def no_nulls(self):
        if any(getattr(self, field) is None for field in self.model_fields_set):
            raise ValueError("A field given must have a value.")
        return self


class Subscription(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime


class SubscriptionCreated(Subscription):
    secret: str = Field(description="Signs every delivery (docs/api.md); shown only here.")


# Catalog writes. The shapes are checked here (types, known fields); the values (money with
# at most 2 decimals, quantities not negative, known categories, attributes and warehouses)
# by the catalog import's own validation, the one implementation of those rules.

# Text the database can hold (no NUL) on one line; `Html` may span lines.
Text = Annotated[StrictStr, Field(pattern=r"^[^\x00-\x1f\x7f]*$")]
Html = Annotated[StrictStr, Field(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


def _amount_shape(value):
    """Text or a number (its value is the import's to check); one error path, not one per
    member of a union."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError('A decimal amount as text or a number, e.g. "49.90".')
    return value


Amount = Annotated[
    str | int | float,
    PlainValidator(_amount_shape),
    WithJsonSchema(
        {"type": ["string", "number"], "example": "49.90"},
    ),
    Field(description='A decimal amount, at most 2 decimals: "49.90" (or 49.9).'),
]
StockByWarehouse = Annotated[
    dict[str, StrictInt], Field(description='Units per warehouse code, e.g. {"main": 12}.')
]


class CatalogVariantIn(Request):
    sku: Sku
    options: dict[Text, Text] = Field(
        default_factory=dict, description='One option per variant attribute: {"size": "m"}.'
    )
    price: Amount | None = None
    compare_at_price: Amount | None = None
    stock: StockByWarehouse = None


class CatalogProductIn(Request):
    """Only the fields given are changed. A new product needs name, price and category."""

    sku: Sku
    name: Text = None
    slug: Text = None
    category: Text = Field(None, description='A category path, e.g. "clothing/shirts".')
    status: Text = Field(None, description="active, hidden or discontinued.")
    price: Amount = None
    compare_at_price: Amount | None = None
    description: Html = Field(None, description="HTML, reduced to what the editor allows.")
    attributes: dict[Text, list[Text]] = Field(
        None, description='Attribute slug: option slugs, e.g. {"material": ["linen"]}.'
    )
    stock: StockByWarehouse = None
    variants: list[CatalogVariantIn] = Field(
        None,
        min_length=1,
        max_length=500,
        description="The product's variants, all of them: others are deleted.",
    )


class CatalogUpsertIn(Request):
    products: Annotated[list[CatalogProductIn], Field(min_length=1, max_length=1000)]


class CatalogUpsertOut(Schema):
    created: int
    updated: int
    variants: int
    stock_records: int
    warnings: list[str]


# Prices


class PriceIn(Request):
    sku: Sku
    price: Amount
    compare_at_price: Amount | None = Field(
        None, description="The former price, above `price`; null clears it, absent keeps it."
    )


class PricesIn(Request):
    prices: Annotated[list[PriceIn], Field(min_length=1, max_length=5000)]
    go_live_at: Since | None = Field(
        None,
        description="When the prices take effect (the future); absent: now. Each product "
        "(also a variant's) gets one revision scheduled to go live then; live products only.",
    )


class PriceOut(Schema):
    sku: str
    kind: Literal["product", "variant"]
    price: Decimal
    compare_at_price: Decimal | None
    go_live_at: datetime | None
    published: bool = Field(description="False: scheduled, or a draft of a product not live.")


class PricesOut(Schema):
    updated: list[PriceOut]
