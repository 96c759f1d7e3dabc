"""Setting prices and compare-at prices by SKU, now or at a given time (a bulk price list
from an ERP, through the API).

A product's price lives in its revisions, so a change goes the admin's way: a new revision,
published now (a live product) or saved as a draft (one that is not live), or scheduled with
`go_live_at` and published by Wagtail's `publish_scheduled` command, as when staff schedule
an edit. A variant's own price is not part of revisions (variants stay outside them, see
Product.relations_outside_revisions): set now, it is written at once. Scheduled, it rides on
its product's scheduled revision instead: the revision's content carries the variant prices
under SCHEDULED_VARIANT_PRICES, and publishing that revision (by `publish_scheduled`, when
it is due) writes them in the same transaction (`scheduled_variant_prices`, called by
Product.publish). One revision per product carries
the product's own new price and its variants'. Amounts are checked by the catalog import's
money rule; the compare-at rule is the models' constraint.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.signal_handlers import disable_reference_index_auto_update

from commerce.catalog.importing.problems import Invalid
from commerce.catalog.importing.values import to_money, to_optional_money
from commerce.catalog.locks import lock_products
from commerce.catalog.models import Product, ProductVariant
from commerce.catalog.signals import products_changed
from commerce.stock.signals import send_after_commit

UNCHANGED = object()
# The key of a product revision's content that holds the variant prices scheduled with it.
SCHEDULED_VARIANT_PRICES = "scheduled_variant_prices"
# What a product's revision content holds beside its fields: read once for all products.
REVISION_RELATIONS = ("images", "attribute_options", "variant_attributes")


@dataclass(frozen=True)
class PriceChange:
    sku: str
    price: object  # as sent: "49.90" or 49.9, checked here
    compare_at_price: object = UNCHANGED  # None clears it


@dataclass(frozen=True)
class PriceProblem:
    index: int
    field: str  # "sku", "price", "compare_at_price" or "" for the change as a whole
    code: str
    message: str


class PriceChangesRejected(Exception):
    """Nothing was changed; `problems` says why, per change."""

    code = "prices_rejected"

    def __init__(self, problems: list[PriceProblem]):
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


@dataclass(frozen=True)
class PriceResult:
    sku: str
    kind: str  # "product" or "variant"
    price: object
    compare_at_price: object
    go_live_at: datetime | None
    published: bool  # False: saved as a draft (not live) or scheduled


def set_prices(*, changes: list[PriceChange], go_live_at=None, user=None) -> list[PriceResult]:
    """All or nothing, with the products and variants locked (in the order placing an order
    locks them): every change is checked, and any problem rolls back what was written."""
    if go_live_at is not None and go_live_at <= timezone.now():
        raise PriceChangesRejected(
            [PriceProblem(-1, "go_live_at", "in_the_past", "go_live_at must be in the future.")]
        )
    with transaction.atomic():
        targets, products, problems = _checked_targets(changes, scheduled=go_live_at is not None)
        if go_live_at is None:
            problems += _write_variants([(i, t) for i, t in targets if _is_variant(t)])
        if problems:
            raise PriceChangesRejected(sorted(problems, key=lambda problem: problem.index))
        with disable_reference_index_auto_update():  # a price refers to nothing
            if go_live_at is None:
                results = [_write(target, user) for _, target in targets]
            else:
                results = _schedule([t for _, t in targets], products, go_live_at, user)
        send_after_commit(
            target.product_id if _is_variant(target) else target.pk for _, target in targets
        )
    return results


def _amounts(index: int, change: PriceChange, problems: list) -> dict | None:
    """The checked amounts the change gives; None when one is refused (reported)."""
    amounts, refused = {}, False
    for field, value, conversion in (
        ("price", change.price, to_money),
        ("compare_at_price", change.compare_at_price, to_optional_money),
    ):
        if value is UNCHANGED:
            continue
        try:
            amounts[field] = conversion(value)
        except Invalid as error:
            problems.append(PriceProblem(index, field, "invalid", str(error)))
            refused = True
    return None if refused else amounts


def _checked_targets(changes: list[PriceChange], *, scheduled: bool):
    """(index, product or variant) per acceptable change, with the new amounts set in
    memory; the products read (by id: those named, and when scheduling, the variants'
    products too); the problems."""
    skus = [change.sku for change in changes]
    product_ids = dict(Product.objects.filter(sku__in=skus).values_list("sku", "pk"))
    variant_rows = ProductVariant.objects.filter(sku__in=set(skus) - set(product_ids))
    variant_products = dict(variant_rows.values_list("sku", "product_id"))
    lock_products([*product_ids.values(), *variant_products.values()])
    # Scheduling a variant's price schedules a revision of its product: read it too.
    read_ids = {*product_ids.values(), *(variant_products.values() if scheduled else ())}
    rows = Product.objects.filter(pk__in=read_ids).prefetch_related(*REVISION_RELATIONS)
    by_id = {p.pk: _editable(p) for p in rows}
    products = {sku: by_id[pk] for sku, pk in product_ids.items()}
    variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=variant_products)}

    targets, problems, seen = [], [], {}
    for index, change in enumerate(changes):
        amounts = _amounts(index, change, problems)
        if change.sku in seen:
            problems.append(PriceProblem(index, "sku", "duplicate", f"Also at {seen[change.sku]}."))
            continue
        seen[change.sku] = f"prices[{index}]"
        target = products.get(change.sku) or variants.get(change.sku)
        if target is None:
            problems.append(PriceProblem(index, "sku", "unknown_sku", f"No SKU {change.sku!r}."))
            continue
        product = by_id.get(target.product_id) if _is_variant(target) else target
        if scheduled and not (product.live and product.live_revision_id):
            problems.append(
                PriceProblem(
                    index,
                    "sku",
                    "not_live",
                    # Wagtail would take a live product without a live revision offline
                    # until the scheduled one goes live.
                    "The product is not live: publishing a scheduled price would publish it."
                    if not product.live
                    else "The product has no published revision to keep live until then: "
                    "set a price now first.",
                )
            )
            continue
        if amounts is None:
            continue
        for field, value in amounts.items():
            setattr(target, field, value)
        # Variants set now: checked by their bulk update (one statement for all).
        if not _is_variant(target) or scheduled:
            problem = _constraint_problem(index, target)
            if problem:
                problems.append(problem)
                continue
        targets.append((index, target))
    return targets, by_id, problems


def _is_variant(target) -> bool:
    return isinstance(target, ProductVariant)


def _constraint_problem(index: int, target) -> PriceProblem | None:
    """The model's price constraints (the compare-at price above the price)."""
    others = {f.name for f in type(target)._meta.concrete_fields} - {"price", "compare_at_price"}
    try:
        target.validate_constraints(exclude=others)
    except ValidationError as error:
        return PriceProblem(index, "", "invalid", "; ".join(error.messages))
    return None


def _write_variants(variants: list[tuple[int, ProductVariant]]) -> list[PriceProblem]:
    """One UPDATE for all (in a savepoint); only when the database refuses it are they
    checked one by one, to say which (the model's constraints are the rule)."""
    try:
        with transaction.atomic():
            ProductVariant.objects.bulk_update(
                [variant for _, variant in variants],
                ["price", "compare_at_price"],
                batch_size=1000,
            )
    except IntegrityError:
        problems = [_constraint_problem(index, variant) for index, variant in variants]
        return [problem for problem in problems if problem]
    # Their products changed for whoever reads them by `updated_since` (the API's listing).
    product_ids = {variant.product_id for _, variant in variants}
    if product_ids:
        Product.objects.filter(pk__in=product_ids).update(updated_at=timezone.now())
        ids = sorted(product_ids)
        transaction.on_commit(
            lambda: products_changed.send(sender=Product, product_ids=ids), robust=True
        )
    return []


def _editable(product: Product) -> Product:
    """A product that is not live, as the editor shows it: its latest draft."""
    if product.live or not product.has_unpublished_changes or not product.latest_revision_id:
        return product
    draft = product.get_latest_revision_as_object()
    draft.live, draft.live_revision_id = product.live, product.live_revision_id
    return draft


def _write(target, user) -> PriceResult:
    """A change that takes effect now (variants: already written by _write_variants)."""
    published = False
    if _is_variant(target):
        kind, published = "variant", True
    elif target.live:
        target.save_revision(user=user, log_action=True, clean=False).publish(user=user)
        kind, published = "product", True
    else:
        target.save()
        target.save_revision(user=user, log_action=True, clean=False)
        kind = "product"
    return _result(target, kind, None, published)


def _schedule(targets: list, products: dict[int, Product], go_live_at, user) -> list[PriceResult]:
    """One revision per product, scheduled to go live at `go_live_at` as the admin's
    "Schedule to publish" does, carrying the product's price (new, or as it is) and the new
    prices of its variants among `targets`; they wait for publish_scheduled."""
    variant_prices = defaultdict(list)
    for target in targets:
        if _is_variant(target):
            variant_prices[target.product_id].append(
                {
                    "id": target.pk,
                    "sku": target.sku,
                    "price": str(target.price),
                    "compare_at_price": _text(target.compare_at_price),
                }
            )
    scheduled = set()
    for target in targets:
        product = products[target.product_id] if _is_variant(target) else target
        if product.pk in scheduled:
            continue
        scheduled.add(product.pk)
        product.go_live_at = go_live_at  # in the revision: when the publish action looks
        revision = product.save_revision(user=user, log_action=True, clean=False)
        if variant_prices[product.pk]:
            revision.content[SCHEDULED_VARIANT_PRICES] = variant_prices[product.pk]
            revision.save(update_fields=["content"])
        revision.publish(user=user)
    return [
        _result(target, "variant" if _is_variant(target) else "product", go_live_at, False)
        for target in targets
    ]


def _result(target, kind: str, go_live_at, published: bool) -> PriceResult:
    return PriceResult(
        sku=target.sku,
        kind=kind,
        price=target.price,
        compare_at_price=target.compare_at_price,
        go_live_at=go_live_at,
        published=published,
    )


def _text(amount) -> str | None:
    return None if amount is None else str(amount)


@contextmanager
def scheduled_variant_prices(product: Product, revision):
    """Around the publishing of `revision` of `product` (Product.publish): when the revision
    carries variant prices (scheduled through set_prices) and goes live, write them, in the
    same transaction. The product and its variants are locked first, as placing an order
    locks them, so a checkout never prices a variant between the two writes. A variant
    deleted since is skipped; each price was checked against its compare-at price when it
    was scheduled, and both are written as they were then."""
    scheduled = (revision.content or {}).get(SCHEDULED_VARIANT_PRICES)
    if not scheduled:
        yield
        return
    with transaction.atomic():
        lock_products([product.pk])
        yield
        if not Product.objects.filter(pk=product.pk, live_revision_id=revision.pk).exists():
            return  # scheduled (now), not published
        variants = ProductVariant.objects.in_bulk([item["id"] for item in scheduled])
        changed = []
        for item in scheduled:
            variant = variants.get(item["id"])
            if variant is None or variant.product_id != product.pk:
                continue
            variant.price = Decimal(item["price"])
            variant.compare_at_price = (
                None if item["compare_at_price"] is None else Decimal(item["compare_at_price"])
            )
            changed.append(variant)
        ProductVariant.objects.bulk_update(changed, ["price", "compare_at_price"])
