"""The API's reads, each in a fixed number of queries whatever the page size."""

from django.db.models import Prefetch

from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductImage,
    ProductVariant,
)
from commerce.catalog.purchase import compare_at_price_of, price_of
from commerce.orders.models import Order, OrderLine
from commerce.stock.models import StockRecord, Warehouse


def products():
    stock = StockRecord.objects.select_related("warehouse").order_by(
        "warehouse__priority", "warehouse__code"
    )
    return Product.objects.select_related("category").prefetch_related(
        Prefetch(
            "variants",
            queryset=ProductVariant.objects.select_related("image")
            .order_by("position", "pk")
            .prefetch_related(
                Prefetch("options", queryset=AttributeOption.objects.select_related("definition")),
                Prefetch("stock_records", queryset=stock),
            ),
        ),
        Prefetch(
            "images",
            queryset=ProductImage.objects.select_related("image").order_by("sort_order", "pk"),
        ),
        Prefetch(
            "attribute_options", queryset=AttributeOption.objects.select_related("definition")
        ),
    )


def categories():
    return Category.objects.order_by("path")


def attributes() -> list[dict]:
    """Every attribute with its options, in two queries."""
    options = AttributeOption.objects.order_by("sort_order", "pk")
    return [
        {
            "slug": definition.slug,
            "name": definition.name,
            "is_filterable": definition.is_filterable,
            "is_shown_on_cards": definition.is_shown_on_cards,
            "position": definition.position,
            "options": [{"slug": o.slug, "value": o.value} for o in definition.options.all()],
        }
        for definition in AttributeDefinition.objects.order_by(
            "position", "name", "pk"
        ).prefetch_related(Prefetch("options", queryset=options))
    ]


def warehouses():
    return Warehouse.objects.order_by("priority", "code")


def orders():
    return Order.objects.prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.order_by("pk").prefetch_related("allocations__warehouse"),
        ),
        "status_changes",
    )


def stock_level(record) -> dict:
    return {"warehouse": record.warehouse.code, "quantity": record.quantity}


def _by_definition(option):
    return (option.definition.position, option.definition.name, option.value)


def option_data(options) -> list[dict]:
    return [
        {"attribute": option.definition.slug, "value": option.value}
        for option in sorted(options, key=_by_definition)
    ]


def variant_data(product: Product, variant: ProductVariant) -> dict:
    return {
        "sku": variant.sku,
        "options": option_data(variant.options.all()),
        "price": price_of(product, variant),
        "compare_at_price": compare_at_price_of(product, variant),
        "is_default": variant.is_default,
        "image": variant.image.file.url if variant.image else None,
        "stock": [stock_level(record) for record in variant.stock_records.all()],
    }


def product_stock(variants: list[dict]) -> list[dict]:
    """Units per warehouse over all the product's variants (warehouses in the variants'
    order: by priority, then code)."""
    totals: dict[str, int] = {}
    for variant in variants:
        for level in variant["stock"]:
            totals[level["warehouse"]] = totals.get(level["warehouse"], 0) + level["quantity"]
    return [{"warehouse": code, "quantity": quantity} for code, quantity in totals.items()]


def product_data(product: Product) -> dict:
    variants = [variant_data(product, variant) for variant in product.variants.all()]
    return {
        "id": product.pk,
        "sku": product.sku,
        "name": product.name,
        "slug": product.slug,
        "status": product.status,
        "live": product.live,
        "price": product.price,
        "compare_at_price": product.compare_at_price,
        "category": {
            "id": product.category.pk,
            "name": product.category.name,
            "path": product.category.path,
        },
        "attributes": option_data(product.attribute_options.all()),
        "images": [item.image.file.url for item in product.images.all()],
        "stock": product_stock(variants),
        "variants": variants,
        "updated_at": product.updated_at,
    }


def order_data(order: Order) -> dict:
    return {
        "number": order.number,
        "status": order.status,
        "payment_state": order.payment_state,
        "payment_method": order.payment_method_name,
        "delivery_method": order.delivery_method_name,
        "customer": {"email": order.email, "name": order.name, "phone": order.phone},
        "shipping_address": {
            "line1": order.address_line1,
            "line2": order.address_line2,
            "postal_code": order.postal_code,
            "city": order.city,
            "country": order.country,
        },
        "currency": order.currency,
        "subtotal": order.subtotal,
        "delivery_cost": order.delivery_cost,
        "discount": order.discount,
        "total": order.total,
        "coupon_code": order.coupon_code,
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "lines": [
            {
                "sku": line.sku,
                "name": line.product_name,
                "unit_price": line.unit_price,
                "quantity": line.quantity,
                "line_total": line.line_total,
                "allocations": [
                    {"warehouse": allocation.warehouse.code, "quantity": allocation.quantity}
                    for allocation in line.allocations.all()
                ],
            }
            for line in order.lines.all()
        ],
        "history": [
            {
                "from_status": step.from_status,
                "to_status": step.to_status,
                "actor": step.actor_name,
                "note": step.note,
                "at": step.created_at,
            }
            for step in order.status_changes.all()
        ],
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }
