"""Generate a synthetic catalog of any size for performance work.

    .venv/bin/python bench/generate_catalog.py --products 100000 [--categories 300]
        [--warehouses 3] [--variants 8] [--seed 1] [--reset]

`--variants N` (N > 1) gives each product 1 to N variants (sizes, and colours beyond four),
each with its own SKU (`BENCH-000001-M-NAVY`) and stock; without it every product has its one
default variant, as before.

Everything it writes is recognisable, so `--reset` deletes exactly that and nothing else:
products have SKUs `BENCH-000001`… (six digits) in generated categories, and categories (root
slugs, so every path), warehouses (codes), attribute definitions (slugs) and product slugs start
with `zz-bench-`, a prefix no shop would choose. `--reset` refuses, deleting nothing, while any
other product sits in a generated category, links to a generated attribute option or has stock
in a generated warehouse. Running again without `--reset` tops up: SKUs that already exist are
skipped (left as they are) and only the missing numbers are created, so a second identical run
creates nothing. Rows go in through `bulk_create` in chunks, one transaction per chunk, so an
interrupted run leaves whole products and can be topped up.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import django
from django.apps import apps

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    """Let the file run as a script: project root importable, dev settings by default."""
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings.dev")
    if not apps.ready:
        django.setup()


_setup_django()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import CharField  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from wagtail.models import ReferenceIndex, Revision  # noqa: E402

from commerce.catalog import generation  # noqa: E402
from commerce.catalog.listing import forget_filterable_definitions  # noqa: E402
from commerce.catalog.models import (  # noqa: E402
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from commerce.catalog.models.variants import option_key  # noqa: E402
from commerce.catalog.navigation import (  # noqa: E402
    forget_categories_by_path,
    forget_category_menu,
)
from commerce.catalog.search_index import refresh_search_vectors  # noqa: E402
from commerce.stock.models import StockRecord, Warehouse  # noqa: E402

SKU_PREFIX = "BENCH-"
SKU_DIGITS = 6
SKU_PATTERN = rf"^{SKU_PREFIX}[0-9]{{{SKU_DIGITS}}}$"
SLUG_PREFIX = "zz-bench-"  # categories (root slug, so the whole path), warehouses, attributes
REFUSAL_EXAMPLES = 5
CHUNK_SIZE = 5000
BATCH_SIZE = 5000
CREATED_OVER_DAYS = 730

DEPARTMENTS = [
    "Clothing", "Footwear", "Home", "Garden", "Sports", "Electronics", "Toys", "Books",
    "Beauty", "Kitchen", "Outdoor", "Office", "Pets", "Music", "Travel", "Crafts",
]  # fmt: skip
GROUPS = ["Everyday", "Premium", "Classic", "Kids", "Outdoor", "Travel", "Studio", "Eco"]
KINDS = [
    "Essentials", "Accessories", "Sets", "Basics", "Gifts", "Spares", "Care", "Storage",
    "Collections", "Minis", "Pro", "Originals",
]  # fmt: skip
ADJECTIVES = [
    "Classic", "Light", "Urban", "Trail", "Soft", "Compact", "Sturdy", "Bright", "Quiet",
    "Vintage", "Modern", "Cosy", "Rapid", "Tiny", "Grand", "Smart",
]  # fmt: skip
NOUNS = [
    "Shirt", "Runner", "Lamp", "Mug", "Backpack", "Jacket", "Chair", "Bottle", "Blanket",
    "Speaker", "Notebook", "Planter", "Towel", "Sneaker", "Kettle", "Scarf", "Tent", "Puzzle",
]  # fmt: skip
ATTRIBUTES = {
    "colour": ("Colour", ["Black", "White", "Red", "Blue", "Green", "Grey", "Navy", "Olive"]),
    "size": ("Size", ["XS", "S", "M", "L", "XL", "XXL"]),
    "material": ("Material", ["Cotton", "Wool", "Linen", "Leather", "Steel", "Oak", "Glass"]),
}
STATUS_WEIGHTS = {ProductStatus.ACTIVE: 85, ProductStatus.DISABLED: 8, ProductStatus.HIDDEN: 7}

Progress = Callable[[str, int, int], None]


class GenerationError(Exception):
    """The generated rows cannot be written or removed as asked (message says why)."""


@dataclass
class GenerationReport:
    products: int = 0
    skipped_products: int = 0
    categories: int = 0
    categories_created: int = 0
    warehouses: int = 0
    stock_records: int = 0
    attribute_links: int = 0
    variants: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        skipped = f" ({self.skipped_products} existing skipped)" if self.skipped_products else ""
        return (
            f"Generated {self.products} products{skipped}, "
            f"{self.categories} categories, "
            f"{self.warehouses} warehouses, {self.stock_records} stock rows, "
            f"{self.attribute_links} attribute links, {self.variants} variants "
            f"in {self.seconds:.1f}s"
        )


@dataclass(frozen=True)
class CategorySpec:
    index: int
    name: str
    slug: str
    path: str
    department: str
    parent_path: str | None = None

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass
class ProductDraft:
    product: Product
    option_ids: list[int] = field(default_factory=list)
    stock: list[tuple[int, int]] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    variants: list["VariantDraft"] = field(default_factory=list)  # empty: the default one


@dataclass
class VariantDraft:
    sku: str
    option_ids: list[int]
    stock: list[tuple[int, int]]
    price: Decimal | None = None


# --- Category tree ----------------------------------------------------------------------


def level_sizes(total: int) -> tuple[int, int, int]:
    """Roots, second level, third level: about cbrt(total) roots, each with as many children."""
    roots = max(1, round(total ** (1 / 3)))
    middle = min(total - roots, roots * roots)
    return roots, middle, total - roots - middle


def plan_category_tree(total: int) -> list[list[CategorySpec]]:
    """The tree as levels of specs; names and slugs depend on the position only, not the seed,
    so runs with another seed reuse the same categories."""
    roots_count, middle_count, leaf_count = level_sizes(total)
    roots = [_root_spec(i) for i in range(roots_count)]
    middle = []
    for i in range(middle_count):
        parent = roots[i % roots_count]
        name = f"{GROUPS[i % len(GROUPS)]} {parent.department}"
        middle.append(_child_spec(roots_count + i, parent, name))
    leaves = []
    for i in range(leaf_count):
        parent = middle[i % middle_count]
        name = f"{parent.department} {KINDS[i % len(KINDS)]}"
        leaves.append(_child_spec(roots_count + middle_count + i, parent, name))
    return [level for level in (roots, middle, leaves) if level]


def _root_spec(i: int) -> CategorySpec:
    department = DEPARTMENTS[i % len(DEPARTMENTS)]
    name = department if i < len(DEPARTMENTS) else f"{department} {i // len(DEPARTMENTS) + 1}"
    slug = f"{SLUG_PREFIX}{slugify(name)}"
    return CategorySpec(index=i, name=name, slug=slug, path=slug, department=department)


def _child_spec(index: int, parent: CategorySpec, name: str) -> CategorySpec:
    slug = f"{slugify(name)}-{index}"
    return CategorySpec(
        index=index,
        name=name,
        slug=slug,
        path=f"{parent.path}/{slug}",
        department=parent.department,
        parent_path=parent.path,
    )


def ensure_categories(levels: list[list[CategorySpec]]) -> tuple[dict[str, Category], int]:
    """Create the missing categories level by level (parents need their ids first)."""
    by_path = {c.path: c for c in generated_categories()}
    created = 0
    for level in levels:
        new = [_category(spec, by_path) for spec in level if spec.path not in by_path]
        Category.objects.bulk_create(new, batch_size=BATCH_SIZE)
        by_path.update({c.path: c for c in new})
        created += len(new)
    return {spec.path: by_path[spec.path] for level in levels for spec in level}, created


def _category(spec: CategorySpec, by_path: dict[str, Category]) -> Category:
    # bulk_create skips Category.save, so path and depth are set here the same way.
    parent = by_path[spec.parent_path] if spec.parent_path else None
    return Category(
        name=spec.name,
        slug=spec.slug,
        parent=parent,
        path=spec.path,
        depth=spec.depth,
        position=spec.index,
        is_active=True,
    )


def leaf_categories(categories: dict[str, Category]) -> list[Category]:
    parents = {path.rsplit("/", 1)[0] for path in categories if "/" in path}
    return [category for path, category in categories.items() if path not in parents]


# --- Warehouses and attributes -----------------------------------------------------------


def ensure_warehouses(count: int) -> list[Warehouse]:
    codes = [f"{SLUG_PREFIX}wh-{n}" for n in range(1, count + 1)]
    existing = {w.code: w for w in Warehouse.objects.filter(code__in=codes)}
    new = [
        Warehouse(name=f"Generated warehouse {n}", code=code, priority=100 + n)
        for n, code in enumerate(codes, start=1)
        if code not in existing
    ]
    Warehouse.objects.bulk_create(new)
    existing.update({w.code: w for w in new})
    return [existing[code] for code in codes]


def ensure_attributes() -> dict[str, list[int]]:
    """Generated definitions (`zz-bench-colour`…) and their options: key → option ids."""
    option_ids = {}
    for position, (key, (name, values)) in enumerate(ATTRIBUTES.items()):
        definition, _ = AttributeDefinition.objects.get_or_create(
            slug=f"{SLUG_PREFIX}{key}",
            defaults={"name": name, "position": position, "is_shown_on_cards": key == "colour"},
        )
        option_ids[key] = _ensure_options(definition, values)
    return option_ids


def _ensure_options(definition: AttributeDefinition, values: list[str]) -> list[int]:
    existing = {o.slug: o for o in definition.options.all()}
    new = [
        AttributeOption(definition=definition, value=value, slug=slugify(value), sort_order=i)
        for i, value in enumerate(values)
        if slugify(value) not in existing
    ]
    AttributeOption.objects.bulk_create(new)
    if new:
        forget_filterable_definitions()  # bulk_create sends no signal
    existing.update({o.slug: o for o in new})
    return [existing[slugify(value)].pk for value in values]


# --- Products -----------------------------------------------------------------------------


@dataclass
class Context:
    """What every drawn product picks from."""

    rng: random.Random
    categories: list[Category]
    category_weights: list[float]
    warehouse_ids: list[int]
    option_ids: dict[str, list[int]]
    now: datetime
    max_variants: int = 1
    seed: int = 1
    labels: dict[int, tuple] = field(default_factory=dict)  # option id -> sort key, label
    definition_of: dict[int, int] = field(default_factory=dict)  # option id -> definition id


def make_context(seed, categories, warehouses, option_ids, max_variants=1) -> Context:
    rng = random.Random(seed)
    # A few big categories and a long tail, like a real shop.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(categories))]
    rng.shuffle(weights)
    return Context(
        rng=rng,
        categories=categories,
        category_weights=weights,
        warehouse_ids=[w.pk for w in warehouses],
        option_ids=option_ids,
        now=timezone.now(),
        max_variants=max_variants,
        seed=seed,
        labels=_option_labels(option_ids),
        definition_of=dict(
            AttributeOption.objects.filter(
                pk__in=[pk for ids in option_ids.values() for pk in ids]
            ).values_list("pk", "definition_id")
        ),
    )


def _option_labels(option_ids: dict[str, list[int]]) -> dict[int, tuple]:
    """Option id -> ((definition position, sort order), "Size: M"), for variant labels."""
    labels = {}
    for position, (key, (name, values)) in enumerate(ATTRIBUTES.items()):
        for order, (option_id, value) in enumerate(zip(option_ids[key], values, strict=True)):
            labels[option_id] = ((position, order), f"{name}: {value}")
    return labels


def draw_product(number: int, ctx: Context) -> ProductDraft:
    """One product and its links; draws the same values for a number whatever exists."""
    rng = ctx.rng
    name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {number}"
    price, compare_at = draw_prices(rng)
    created_at = ctx.now - timedelta(seconds=rng.randrange(CREATED_OVER_DAYS * 86400))
    updated_at = min(ctx.now, created_at + timedelta(days=rng.randrange(60)))
    product = Product(
        name=name,
        slug=f"{SLUG_PREFIX}{slugify(name)}",
        sku=f"{SKU_PREFIX}{number:0{SKU_DIGITS}d}",
        category=rng.choices(ctx.categories, weights=ctx.category_weights)[0],
        status=rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0],
        price=price,
        compare_at_price=compare_at,
        description=f"<p>{name}: generated for performance work.</p>",
        live=True,
        has_unpublished_changes=False,
        first_published_at=created_at,
        last_published_at=updated_at,
    )
    draft = ProductDraft(
        product=product,
        option_ids=draw_options(rng, ctx.option_ids),
        stock=draw_stock(rng, ctx.warehouse_ids),
        created_at=created_at,
        updated_at=updated_at,
    )
    if ctx.max_variants > 1:  # their own draws: the products are the same as without
        draft.variants = draw_variants(random.Random(f"{ctx.seed}:{number}"), ctx, product)
        for variant in draft.variants:
            draft.option_ids.extend(o for o in variant.option_ids if o not in draft.option_ids)
    return draft


def draw_variants(rng: random.Random, ctx: Context, product: Product) -> list[VariantDraft]:
    """1 to `max_variants` variants: up to four sizes, beyond that sizes in two colours; one
    product in five has its largest size dearer. One variant: the default (an empty list)."""
    count = rng.randint(1, ctx.max_variants)
    if count == 1:
        return []
    sizes, colours = ctx.option_ids["size"], ctx.option_ids["colour"]
    shades = sorted(rng.sample(colours, 2)) if count > 4 else [None]
    chosen = sorted(rng.sample(sizes, min(len(sizes), -(-count // len(shades)))))
    combos = [(size, colour) for colour in shades for size in chosen][:count]
    dearer = rng.random() < 0.2
    cents = int(product.price.scaleb(2))  # whole cents: 10 % more, to the cent below
    dearer_price = in_euros(cents + cents // 10)
    variants = []
    for size, colour in combos:
        option_ids = [size] if colour is None else [colour, size]
        suffix = "-".join(slugify(ctx.labels[o][1].split(": ", 1)[1]).upper() for o in option_ids)
        variants.append(
            VariantDraft(
                sku=f"{product.sku}-{suffix}",
                option_ids=option_ids,
                stock=draw_stock(rng, ctx.warehouse_ids),
                price=dearer_price if dearer and size == chosen[-1] else None,
            )
        )
    return variants


def draw_prices(rng: random.Random) -> tuple[Decimal, Decimal | None]:
    """Prices from 2 to 500 (more cheap ones); one product in five on sale. Worked out in
    whole cents, so no money is rounded here (that is commerce.pricing's job)."""
    euros = int(2 * 250 ** rng.random())
    price = euros * 100 + rng.choice([99, 90, 50, 0])
    if rng.random() >= 0.2:
        return in_euros(price), None
    markup_percent = rng.choice([110, 120, 125, 150])
    compare_at = (price * markup_percent + 50) // 100  # to the nearest cent, halves up
    return in_euros(price), in_euros(max(price + 1, compare_at))


def in_euros(cents: int) -> Decimal:
    """1999 -> Decimal("19.99"), 500 -> Decimal("5.00"): exact, two decimal places."""
    return Decimal(cents).scaleb(-2)


def draw_options(rng: random.Random, option_ids: dict[str, list[int]]) -> list[int]:
    chosen = []
    if rng.random() < 0.9:
        chosen.append(rng.choice(option_ids["colour"]))
    if rng.random() < 0.6:
        chosen.extend(rng.sample(option_ids["size"], rng.randint(1, 3)))
    if rng.random() < 0.7:
        chosen.append(rng.choice(option_ids["material"]))
    return chosen


def draw_stock(rng: random.Random, warehouse_ids: list[int]) -> list[tuple[int, int]]:
    """A record in the first warehouse always, in the others three times in four;
    about one record in ten is empty and one in seven low (1-5)."""
    stock = []
    for position, warehouse_id in enumerate(warehouse_ids):
        if position and rng.random() >= 0.75:
            continue
        roll = rng.random()
        if roll < 0.1:
            quantity = 0
        elif roll < 0.25:
            quantity = rng.randint(1, 5)
        else:
            quantity = rng.randint(6, 250)
        stock.append((warehouse_id, quantity))
    return stock


def insert_chunk(drafts: list[ProductDraft], ctx: Context) -> tuple[int, int]:
    """Products, their timestamps, attribute links and stock; returns (links, stock rows)."""
    Product.objects.bulk_create([d.product for d in drafts], batch_size=BATCH_SIZE)
    set_timestamps(drafts)
    through = Product.attribute_options.through
    links = [
        through(product_id=d.product.pk, attributeoption_id=option_id)
        for d in drafts
        for option_id in d.option_ids
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    records = insert_variants(drafts, ctx)
    # bulk_create skips Product.save(), which keeps the search vector: one UPDATE per chunk.
    refresh_search_vectors(product_ids=[d.product.pk for d in drafts])
    return len(links), len(records)


def insert_variants(drafts: list[ProductDraft], ctx: Context) -> list[StockRecord]:
    """Each product's variants (or its default variant: its SKU, its price), their options
    and the variant attributes, and the stock they hold; returns the stock rows."""
    rows, holders = [], []  # holders: (draft, variant draft or None), as rows
    for d in drafts:
        if not d.variants:
            rows.append(ProductVariant(product_id=d.product.pk, sku=d.product.sku))
            holders.append((d, None))
            continue
        for position, v in enumerate(d.variants):
            rows.append(
                ProductVariant(
                    product_id=d.product.pk,
                    sku=v.sku,
                    price=v.price,
                    position=position,
                    option_key=option_key(v.option_ids),
                    options_label=", ".join(
                        label for _, label in sorted(ctx.labels[o] for o in v.option_ids)
                    ),
                )
            )
            holders.append((d, v))
    variants = ProductVariant.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    option_links = ProductVariant.options.through
    option_links.objects.bulk_create(
        [
            option_links(productvariant_id=variant.pk, attributeoption_id=option_id)
            for variant, (_, v) in zip(variants, holders, strict=True)
            if v is not None
            for option_id in v.option_ids
        ],
        batch_size=BATCH_SIZE,
    )
    attribute_links = Product.variant_attributes.through
    attribute_links.objects.bulk_create(
        [
            attribute_links(product_id=d.product.pk, attributedefinition_id=definition_id)
            for d in drafts
            if d.variants
            for definition_id in sorted(
                {ctx.definition_of[o] for v in d.variants for o in v.option_ids}
            )
        ],
        batch_size=BATCH_SIZE,
    )
    records = [
        StockRecord(
            product_id=d.product.pk,
            variant_id=variant.pk,
            warehouse_id=warehouse_id,
            quantity=quantity,
        )
        for variant, (d, v) in zip(variants, holders, strict=True)
        for warehouse_id, quantity in (d.stock if v is None else v.stock)
    ]
    StockRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    return records


def set_timestamps(drafts: list[ProductDraft]) -> None:
    """Spread created_at/updated_at: bulk_create's pre_save overwrites both with now
    (auto_now_add / auto_now), so they are set afterwards in one UPDATE from arrays."""
    table = connection.ops.quote_name(Product._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS p SET created_at = v.created_at, updated_at = v.updated_at "
            "FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[]) "
            "AS v(id, created_at, updated_at) WHERE p.id = v.id",
            [
                [d.product.pk for d in drafts],
                [d.created_at for d in drafts],
                [d.updated_at for d in drafts],
            ],
        )


def generate_products(count: int, ctx: Context, report: GenerationReport, progress) -> None:
    for start in range(1, count + 1, CHUNK_SIZE):
        drafts = [draw_product(n, ctx) for n in range(start, min(start + CHUNK_SIZE, count + 1))]
        existing = set(
            Product.objects.filter(sku__in=[d.product.sku for d in drafts]).values_list(
                "sku", flat=True
            )
        )
        fresh = [d for d in drafts if d.product.sku not in existing]
        with transaction.atomic():
            links, records = insert_chunk(fresh, ctx) if fresh else (0, 0)
        report.variants += sum(len(d.variants) or 1 for d in fresh)
        report.products += len(fresh)
        report.skipped_products += len(existing)
        report.attribute_links += links
        report.stock_records += records
        if progress:
            progress("products", start + len(drafts) - 1, count)


def generate_catalog(
    *,
    products: int,
    categories: int = 300,
    warehouses: int = 3,
    variants: int = 1,
    seed: int = 1,
    progress: Progress | None = None,
) -> GenerationReport:
    """Create (or top up) the generated catalog; see the module docstring."""
    if products < 0 or categories < 1 or warehouses < 1 or not 1 <= variants <= 12:
        raise GenerationError(
            "Need products >= 0, categories >= 1, warehouses >= 1 and variants 1-12."
        )
    if products >= 10**SKU_DIGITS:
        raise GenerationError(
            f"SKUs have {SKU_DIGITS} digits: at most {10**SKU_DIGITS - 1} products."
        )
    started = time.perf_counter()
    report = GenerationReport()
    with transaction.atomic():
        tree, report.categories_created = ensure_categories(plan_category_tree(categories))
        stores = ensure_warehouses(warehouses)
        option_ids = ensure_attributes()
    report.categories, report.warehouses = len(tree), len(stores)
    ctx = make_context(seed, leaf_categories(tree), stores, option_ids, variants)
    generate_products(products, ctx, report, progress)
    forget_category_menu()  # categories were bulk-created, past the signals that refresh it
    forget_categories_by_path()
    generation.advance()  # so were products: listings and product pages kept are stale
    # Fresh planner statistics: without them the listing queries that follow a big generation
    # plan for nearly empty tables and can run for minutes.
    _refresh_statistics()
    report.seconds = time.perf_counter() - started
    return report


# --- Reset --------------------------------------------------------------------------------


def generated_categories():
    return Category.objects.filter(path__startswith=SLUG_PREFIX)


def generated_products():
    """Products with a generated SKU (`BENCH-` and six digits) in a generated category: a
    product of the shop's own that happens to have such a SKU is not one of them."""
    return Product.objects.filter(sku__regex=SKU_PATTERN, category__path__startswith=SLUG_PREFIX)


def generated_options():
    return AttributeOption.objects.filter(definition__slug__startswith=SLUG_PREFIX)


def generated_warehouses():
    return Warehouse.objects.filter(code__startswith=SLUG_PREFIX)


def reset_refusal() -> str | None:
    """Why a reset would touch rows that are not generated, or None when it would not.

    Deleting a generated category would fail for another product in it (PROTECT), and deleting
    a generated attribute definition would silently drop other products' links to its options
    (CASCADE), so both are checked before anything is deleted; so is other stock in a generated
    warehouse.
    """
    others = Product.objects.exclude(pk__in=generated_products().values("pk"))
    problems = []
    in_categories = others.filter(category__path__startswith=SLUG_PREFIX)
    if found := _examples(in_categories):
        problems.append(f"in generated categories: {found}")
    with_options = others.filter(attribute_options__in=generated_options())
    if found := _examples(with_options):
        problems.append(f"linked to generated attribute options: {found}")
    with_stock = others.filter(stock_records__warehouse__in=generated_warehouses())
    if found := _examples(with_stock):
        problems.append(f"with stock in generated warehouses: {found}")
    if not problems:
        return None
    return (
        "Refusing to reset, nothing was deleted: products that are not generated (SKU "
        f"{SKU_PREFIX} and {SKU_DIGITS} digits in a generated category) use generated rows. "
        f"Products {'; products '.join(problems)}. Move them, or remove those links, first."
    )


def _examples(products) -> str:
    skus = list(products.order_by("sku").values_list("sku", flat=True).distinct())
    if not skus:
        return ""
    shown = ", ".join(skus[:REFUSAL_EXAMPLES])
    more = len(skus) - REFUSAL_EXAMPLES
    return f"{len(skus)} ({shown}{f' and {more} more' if more > 0 else ''})"


@transaction.atomic
def reset_generated() -> dict[str, int]:
    """Delete every generated row (BENCH- products, zz-bench- categories, warehouses and
    attributes); raise GenerationError, deleting nothing, when other products use any of them.

    Products go through raw DELETEs: the ORM would load every row and send a post_delete
    signal per product and stock record (minutes for 100,000). Wagtail's own records for
    them (revisions, reference index) are removed as deleting a snippet would.
    """
    _refresh_statistics()
    if refusal := reset_refusal():
        raise GenerationError(refusal)
    _delete_wagtail_records()
    deleted = {"products": _delete_generated_products()}
    deleted["categories"] = _delete_generated_categories()
    deleted["warehouses"] = generated_warehouses().delete()[0]
    deleted["attributes"] = (
        AttributeDefinition.objects.filter(slug__startswith=SLUG_PREFIX)
        .delete()[1]
        .get(AttributeDefinition._meta.label, 0)
    )
    return deleted


def _refresh_statistics() -> None:
    """ANALYZE the tables listings and the reset read. Right after a big generation their planner
    statistics may still describe nearly empty tables (autovacuum analyses them later), and
    the checks and deletes then take seconds each instead of a fraction of a second."""
    models = [
        Product,
        Category,
        Product.attribute_options.through,
        AttributeOption,
        StockRecord,
        ProductVariant,
        Warehouse,
    ]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _delete_wagtail_records() -> None:
    content_type = ContentType.objects.get_for_model(Product)
    text_ids = generated_products().annotate(text_id=Cast("pk", CharField())).values("text_id")
    Revision.objects.filter(base_content_type=content_type, object_id__in=text_ids).delete()
    ReferenceIndex.objects.filter(base_content_type=content_type, object_id__in=text_ids).delete()


def _delete_generated_products() -> int:
    products = connection.ops.quote_name(Product._meta.db_table)
    children = [
        (Product.attribute_options.through._meta.db_table, "product_id"),
        (StockRecord._meta.db_table, "product_id"),
        (ProductVariant._meta.db_table, "product_id"),
        (ProductImage._meta.db_table, "product_id"),
    ]
    ids, params = generated_products().values("pk").query.sql_with_params()
    variants = connection.ops.quote_name(ProductVariant._meta.db_table)
    variant_options = connection.ops.quote_name(ProductVariant.options.through._meta.db_table)
    variant_attributes = Product.variant_attributes.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {variant_options} WHERE productvariant_id IN "
            f"(SELECT id FROM {variants} WHERE product_id IN ({ids}))",
            params,
        )
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(variant_attributes)} "
            f"WHERE product_id IN ({ids})",
            params,
        )
        for table, column in children:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(table)} WHERE {column} IN ({ids})",
                params,
            )
        cursor.execute(f"DELETE FROM {products} WHERE id IN ({ids})", params)
        return cursor.rowcount


def _delete_generated_categories() -> int:
    """Deepest first: a category's parent is protected while it has children."""
    generated = generated_categories()
    count = 0
    for depth in sorted(set(generated.values_list("depth", flat=True)), reverse=True):
        count += generated.filter(depth=depth).delete()[0]
    return count


# --- Command line -------------------------------------------------------------------------


def print_progress(stage: str, done: int, total: int) -> None:
    print(f"{stage} {done}/{total}", flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, help="how many (optional with --reset)")
    parser.add_argument("--categories", type=int, default=300)
    parser.add_argument("--warehouses", type=int, default=3)
    parser.add_argument(
        "--variants", type=int, default=1, help="at most this many variants a product (1-12)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reset",
        action="store_true",
        help="delete all generated rows first (BENCH- SKUs, zz-bench- slugs and codes)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.products is None and not args.reset:
        print("error: give --products N (or --reset alone to only delete)", file=sys.stderr)
        return 2
    try:
        if args.reset:
            started = time.perf_counter()
            deleted = reset_generated()
            counts = ", ".join(f"{n} {what}" for what, n in deleted.items())
            print(f"Deleted {counts} in {time.perf_counter() - started:.1f}s", flush=True)
            if args.products is None:
                return 0
        report = generate_catalog(
            products=args.products,
            categories=args.categories,
            warehouses=args.warehouses,
            variants=args.variants,
            seed=args.seed,
            progress=print_progress,
        )
    except GenerationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
