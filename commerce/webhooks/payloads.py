"""What each event says: a short summary of the order or product, enough to act on or to
fetch the whole object from the API (`GET /api/v1/orders/{number}`)."""

from commerce.catalog.models import Product
from commerce.orders.models import Order


def order_summary(order: Order) -> dict:
    return {
        "number": order.number,
        "status": order.status,
        "payment_state": order.payment_state,
        "currency": order.currency,
        "total": str(order.total),
        "email": order.email,
        "created_at": order.created_at.isoformat(),
        "updated_at": order.updated_at.isoformat(),
    }


def product_summary(product: Product) -> dict:
    return {
        "id": product.pk,
        "sku": product.sku,
        "name": product.name,
        "status": product.status,
        "live": product.live,
        "price": str(product.price),
        "compare_at_price": (
            str(product.compare_at_price) if product.compare_at_price is not None else None
        ),
        "updated_at": product.updated_at.isoformat(),
    }
