"""The shop's side of the benchmarks (needs Django set up, see `bench.database`): the catalog
of the requested size, the pages to measure, the products buyers race for, and the audit that
stock and orders add up after a run."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Sum
from django.urls import reverse

from bench.generate_catalog import generate_catalog, generated_products, reset_generated
from bench.listing_timings import category_sizes
from commerce.catalog.models import Category, Product, ProductVariant
from commerce.checkout.models import DeliveryMethod, PaymentMethod, PaymentProvider
from commerce.demo.checkout_setup import ensure_checkout_setup
from commerce.demo.homepage import ensure_welcome_intro
from commerce.orders.models import Order
from commerce.stock.models import StockRecord, Warehouse

SEARCH_WORD = "jacket"
TYPO = "jackt"  # no full-text hit; trigram word similarity 0.67 to "Jacket"
OFFLINE_PROVIDERS = [PaymentProvider.CASH_ON_DELIVERY, PaymentProvider.BANK_TRANSFER]


# --- Catalog --------------------------------------------------------------------------------


def prepare_catalog(
    *, products: int, categories: int = 300, variants: int = 1, progress=None
) -> dict:
    """Make the generated catalog exactly `products` big (top up, or reset and generate when
    it is bigger), each product with 1 to `variants` variants, refresh the planner's
    statistics after a change, and make sure the homepage has its sections and the shop has
    delivery and payment methods."""
    existing = generated_products().count()
    changed = existing != products
    if existing > products:
        if progress:
            progress(f"catalog has {existing:,} generated products: resetting")
        reset_generated()
    if changed:
        if progress:
            progress(f"generating {products:,} products")
        report = generate_catalog(products=products, categories=categories, variants=variants)
        if progress:
            progress(report.summary())
        with connection.cursor() as cursor:
            # Index-only scans need the visibility map (see docs/performance.md): not only ANALYZE.
            cursor.execute("VACUUM ANALYZE")
    ensure_welcome_intro()
    ensure_checkout_setup()
    return catalog_facts()


def catalog_facts() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "database": connection.settings_dict["NAME"],
        "postgresql": version,
        "products": Product.objects.count(),
        "generated_products": generated_products().count(),
        "visible_products": Product.objects.visible().count(),
        "categories": Category.objects.count(),
        "variants": ProductVariant.objects.count(),
        "stock_records": StockRecord.objects.count(),
    }


# --- Pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    path: str


def choose_pages() -> list[Page]:
    """Home, the top-level category with the most products, a search for a common word, the
    same word with a typo and the page of a buyable product in stock."""
    sizes = category_sizes()
    roots = list(Category.objects.listed().filter(depth=0).values_list("path", flat=True))
    if not roots:
        raise LookupError("No listed category: the catalog is empty.")
    top = max(roots, key=lambda path: (sizes.get(path, 0), path))
    product = in_stock_products().order_by("-sku").first()  # checkout.py buys the first ones
    if product is None:
        raise LookupError("No buyable product in stock.")
    search = f"{reverse('catalog:search')}?{urlencode({'q': SEARCH_WORD})}"
    return [
        Page("home", "/"),
        Page("category, top level", reverse("catalog:category", kwargs={"path": top})),
        Page(f"search '{SEARCH_WORD}'", search),
        Page(f"search typo '{TYPO}'", f"{reverse('catalog:search')}?{urlencode({'q': TYPO})}"),
        Page("product", product.get_absolute_url()),
    ]


def in_stock_products():
    """Buyable generated products with stock, by SKU (so the same ones every run)."""
    return (
        generated_products()
        .filter(pk__in=Product.objects.buyable().values("pk"))
        .filter(stock_records__quantity__gt=0, stock_records__warehouse__is_active=True)
        .distinct()
        .order_by("sku")
    )


# --- Checkout -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutSetup:
    delivery_method_id: int
    payment_method_id: int


def checkout_setup() -> CheckoutSetup:
    """An active delivery method and an offline payment method (no gateway redirect)."""
    delivery = DeliveryMethod.objects.active().order_by("position", "pk").first()
    payment = (
        PaymentMethod.objects.active()
        .filter(provider__in=OFFLINE_PROVIDERS)
        .order_by("position", "pk")
        .first()
    )
    if delivery is None or payment is None:
        raise LookupError("Need an active delivery method and a cash or bank-transfer method.")
    return CheckoutSetup(delivery.pk, payment.pk)


@dataclass(frozen=True)
class Stocked:
    product_id: int
    variant_id: int  # the one the buyers choose: the product's first (its default without sizes)
    slug: str
    price: Decimal


def stock_products(count: int, *, quantity: int, skip: int = 0) -> list[Stocked]:
    """`count` buyable products (after the first `skip`), each left with exactly `quantity`
    units, all in the first active warehouse, so every run starts from the same stock."""
    warehouse = Warehouse.objects.filter(is_active=True).order_by("priority", "code").first()
    if warehouse is None:
        raise LookupError("No active warehouse.")
    chosen = list(
        generated_products()
        .filter(pk__in=Product.objects.buyable().values("pk"))
        .order_by("sku")
        .values_list("pk", "slug", "price")[skip : skip + count]
    )
    if len(chosen) < count:
        raise LookupError(f"Only {len(chosen)} buyable products, {count} needed.")
    ids = [pk for pk, _slug, _price in chosen]
    StockRecord.objects.filter(product_id__in=ids).update(quantity=0)
    variants = {}
    for variant in ProductVariant.objects.filter(product_id__in=ids).order_by("-position", "-pk"):
        variants[variant.product_id] = variant  # the last one written: the first by position
    for pk in ids:
        StockRecord.objects.update_or_create(
            variant=variants[pk],
            warehouse=warehouse,
            defaults={"quantity": quantity, "product_id": pk},
        )
    return [
        Stocked(pk, variants[pk].pk, slug, variants[pk].price or price)
        for pk, slug, price in chosen
    ]


def sellable_stock(product_ids) -> dict[int, int]:
    rows = (
        StockRecord.objects.sellable()
        .filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    found = {row["product_id"]: row["units"] for row in rows}
    return {pk: found.get(pk, 0) for pk in product_ids}


def last_order_id() -> int:
    return Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@dataclass
class Audit:
    """Whether a run's orders and the stock they took add up."""

    orders: int = 0
    units_sold: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_orders(
    *, product_ids, stock_before: dict[int, int], after_order_id: int, email_domain: str
) -> Audit:
    """Check the run's orders (placed after `after_order_id` by buyers of `email_domain`):
    each line's total is price × quantity, each order's subtotal and total add up, every
    line's allocations hold its quantity, and the stock each product lost is exactly what
    its lines sold (never below zero, never more than there was)."""
    audit = Audit()
    orders = list(
        Order.objects.filter(pk__gt=after_order_id, email__endswith=f"@{email_domain}")
        .prefetch_related("lines__allocations")
        .order_by("pk")
    )
    audit.orders = len(orders)
    sold: dict[int, int] = defaultdict(int)
    for order in orders:
        lines = list(order.lines.all())
        subtotal = sum((line.line_total for line in lines), Decimal("0"))
        if order.subtotal != subtotal:
            audit.problems.append(f"order {order.number}: subtotal {order.subtotal} != {subtotal}")
        expected_total = order.subtotal + order.delivery_cost - order.discount
        if order.total != expected_total:
            audit.problems.append(f"order {order.number}: total {order.total} != {expected_total}")
        for line in lines:
            if line.line_total != line.unit_price * line.quantity:
                audit.problems.append(f"order {order.number}: line {line.sku} total is wrong")
            allocated = sum(allocation.quantity for allocation in line.allocations.all())
            if allocated != line.quantity:
                audit.problems.append(
                    f"order {order.number}: {line.sku} allocated {allocated} of {line.quantity}"
                )
            if line.product_id is not None:
                sold[line.product_id] += line.quantity
    stock_after = sellable_stock(product_ids)
    for pk in product_ids:
        lost = stock_before[pk] - stock_after[pk]
        audit.units_sold += sold[pk]
        if stock_after[pk] < 0:
            audit.problems.append(f"product {pk}: stock below zero ({stock_after[pk]})")
        if lost != sold[pk]:
            audit.problems.append(f"product {pk}: stock fell by {lost}, orders hold {sold[pk]}")
        if sold[pk] > stock_before[pk]:
            audit.problems.append(f"product {pk}: oversold ({sold[pk]} of {stock_before[pk]})")
    strays = sorted(set(sold) - set(product_ids))
    if strays:
        audit.problems.append(f"orders for products outside the run: {strays}")
    return audit
