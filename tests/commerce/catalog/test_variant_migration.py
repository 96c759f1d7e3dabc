"""The variants migrations on a database holding a product with stock, a cart line, a list
item and a placed order: every product gets its default variant with today's SKU, price and
stock; the order keeps its history and now points at that variant, so cancelling it gives its
unit back to that variant's stock. The list item stays the product alone (as an item of a
product without sizes is saved today, so saving it again finds it), and "add to cart" buys the
default variant. Backwards and forwards again gives the same result."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commerce.cart.models import Cart
from commerce.cart.services import add_line
from commerce.lists.exceptions import AlreadyInList
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from commerce.lists.selectors import list_entries
from commerce.lists.services import add_item
from commerce.orders.models import Order
from commerce.orders.services import cancel_order
from commerce.stock.models import StockRecord
from tests.fixtures.migrations import migrate

BEFORE = [
    ("catalog", "0006_option_order_tiebreak"),
    ("stock", "0002_stock_positive_index"),
    ("cart", "0002_shopper_owned"),
    ("lists", "0002_shopper_owned"),
    ("orders", "0002_order_payment_instructions"),
]
AFTER = [
    ("catalog", "0008_default_variants"),
    ("stock", "0003_stock_per_variant"),
    ("cart", "0003_line_per_variant"),
    ("lists", "0003_item_variant"),
    ("orders", "0003_line_variant"),
]


def old_shop(apps) -> dict:
    category = apps.get_model("catalog", "Category").objects.create(
        name="Shoes", slug="shoes", path="shoes", depth=1
    )
    products = apps.get_model("catalog", "Product").objects
    runner = products.create(
        name="Runner", slug="runner", sku="RUN-1", category=category, price=Decimal("89.90")
    )
    products.create(name="Sock", slug="sock", sku="SOCK-1", category=category, price="4.50")
    warehouse = apps.get_model("stock", "Warehouse").objects.create(name="Main", code="main")
    apps.get_model("stock", "StockRecord").objects.create(
        product=runner, warehouse=warehouse, quantity=12
    )
    favourites = apps.get_model("lists", "ShoppingList").objects.create(
        guest_token="l" * 43, name="Favourites", is_default=True
    )
    apps.get_model("lists", "ListItem").objects.create(
        shopping_list=favourites,
        product=runner,
        product_name="Runner",
        note="size 44",
        price_when_added=Decimal("79.90"),
    )
    cart = apps.get_model("cart", "Cart").objects.create(guest_token="g" * 43)
    apps.get_model("cart", "CartLine").objects.create(
        cart=cart, product=runner, product_name="Runner", quantity=2, seen_unit_price="89.90"
    )
    order = apps.get_model("orders", "Order").objects.create(
        number="SF-1",
        idempotency_key="k",
        email="ada@example.com",
        name="Ada",
        address_line1="Road 1",
        postal_code="1010",
        city="Vienna",
        country="AT",
        delivery_method_name="Parcel",
        delivery_cost=0,
        payment_method_name="Cash",
        payment_provider="cash_on_delivery",
        subtotal=Decimal("89.90"),
        total=Decimal("89.90"),
        currency="EUR",
    )
    line = apps.get_model("orders", "OrderLine").objects.create(
        order=order,
        product=runner,
        product_name="Runner (old name)",
        sku="RUN-0",
        unit_price=Decimal("89.90"),
        quantity=1,
        line_total=Decimal("89.90"),
    )
    apps.get_model("orders", "OrderLineAllocation").objects.create(
        line=line, warehouse=warehouse, quantity=1
    )
    return {"runner": runner.pk}


def assert_migrated(apps, runner_pk):
    variants = apps.get_model("catalog", "ProductVariant").objects
    assert sorted(variants.values_list("product__sku", "sku", "option_key", "price")) == [
        ("RUN-1", "RUN-1", "", None),
        ("SOCK-1", "SOCK-1", "", None),
    ]
    runner_variant = variants.get(product_id=runner_pk)
    stock = apps.get_model("stock", "StockRecord").objects
    assert list(stock.values_list("product_id", "variant_id", "warehouse__code", "quantity")) == [
        (runner_pk, runner_variant.pk, "main", 12)
    ]
    assert list(
        apps.get_model("cart", "CartLine").objects.values_list("variant_id", "quantity")
    ) == [(runner_variant.pk, 2)]
    assert list(
        apps.get_model("orders", "OrderLine").objects.values_list(
            "variant_id", "product_name", "sku", "options_label", "unit_price"
        )
    ) == [(runner_variant.pk, "Runner (old name)", "RUN-0", "", Decimal("89.90"))]
    # The unit came from the stock row of the runner's default variant in Main.
    assert list(
        apps.get_model("orders", "OrderLineAllocation").objects.values_list(
            "line__variant_id", "warehouse__code", "quantity"
        )
    ) == [(runner_variant.pk, "main", 1)]
    assert list(
        apps.get_model("lists", "ListItem").objects.values_list(
            "product_id", "variant_id", "product_name", "note", "price_when_added"
        )
    ) == [(runner_pk, None, "Runner", "size 44", Decimal("79.90"))]


def assert_usable_after_migrating():
    """With today's code: the old list item is found when the runner is saved again and buys
    the default variant; cancelling the old order gives its unit back to its stock."""
    favourites = ShoppingList.objects.get()
    with pytest.raises(AlreadyInList):
        add_item(
            owner=Owner(token=favourites.guest_token), product_id=favourites.items.get().product_id
        )
    [entry] = list_entries(favourites)
    line = add_line(
        cart=Cart.objects.create(guest_token="n" * 43),
        product_id=entry.product.pk,
        variant_id=entry.item.variant_id,
        quantity=1,
    )
    assert (line.variant.sku, entry.price_now) == ("RUN-1", Decimal("89.90"))

    cancel_order(order=Order.objects.get(number="SF-1"))
    assert list(StockRecord.objects.values_list("variant__sku", "warehouse__code", "quantity")) == [
        ("RUN-1", "main", 13)
    ]


@pytest.mark.django_db(transaction=True)
def test_existing_products_stock_carts_and_orders_move_to_default_variants(back_to_the_latest):
    made = old_shop(migrate(BEFORE))

    assert_migrated(migrate(AFTER), made["runner"])

    old = migrate(BEFORE)  # and back: stock per product again, nothing lost
    assert list(
        old.get_model("stock", "StockRecord").objects.values_list("product_id", "quantity")
    ) == [(made["runner"], 12)]
    assert_migrated(migrate(AFTER), made["runner"])

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert_usable_after_migrating()
