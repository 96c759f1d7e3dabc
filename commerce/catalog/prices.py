"""Setting prices and compare-at prices by SKU, now or at a given time (a bulk price list
from an ERP, through the API).

A product's price lives in its revisions, so a change goes the admin's way: a new revision,
published now (a live product) or saved as a draft (one that is not live), or scheduled with
`go_live_at` and published by Wagtail's `publish_scheduled` command, as when staff schedule
an edit. A variant's own price is not part of revisions (see Product.relations_outside_
revisions): it is set at once and cannot be scheduled. Amounts are checked by the catalog
import's money rule; the compare-at rule is the models' constraint.
"""

from dataclasses import dataclass
from datetime import datetime

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
        targets, problems = _checked_targets(changes, scheduled=go_live_at is not None)
        problems += _write_variants([(i, t) for i, t in targets if isinstance(t, ProductVariant)])
        if problems:
            raise PriceChangesRejected(sorted(problems, key=lambda problem: problem.index))
        with disable_reference_index_auto_update():  # a price refers to nothing
            results = [_write(target, go_live_at, user) for _, target in targets]
        send_after_commit(
            target.product_id if isinstance(target, ProductVariant) else target.pk
            for _, target in targets
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
    skus = [change.sku for change in changes]
    product_ids = dict(Product.objects.filter(sku__in=skus).values_list("sku", "pk"))
    variant_rows = ProductVariant.objects.filter(sku__in=set(skus) - set(product_ids))
    variant_products = dict(variant_rows.values_list("sku", "product_id"))
    lock_products([*product_ids.values(), *variant_products.values()])
    rows = Product.objects.filter(sku__in=product_ids).prefetch_related(*REVISION_RELATIONS)
    products = {p.sku: _editable(p) for p in rows}
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
        if scheduled and isinstance(target, ProductVariant):
            problems.append(
                PriceProblem(
                    index,
                    "sku",
                    "not_schedulable",
                    "A variant's own price is not part of the product's revisions: set it "
                    "without go_live_at (or schedule the product's price).",
                )
            )
            continue
        if scheduled and not target.live:
            problems.append(
                PriceProblem(
                    index,
                    "sku",
                    "not_live",
                    "The product is not live: publishing a scheduled price would publish it.",
                )
            )
            continue
        if amounts is None:
            continue
        for field, value in amounts.items():
            setattr(target, field, value)
        if isinstance(target, Product):  # variants: checked by their bulk update
            problem = _constraint_problem(index, target)
            if problem:
                problems.append(problem)
                continue
        targets.append((index, target))
    return targets, problems


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


def _write(target, go_live_at, user) -> PriceResult:
    published = False
    if isinstance(target, ProductVariant):  # written by _write_variants
        kind, published = "variant", True
    elif go_live_at is not None:
        # As the admin's "Schedule to publish": the revision waits for publish_scheduled.
        target.go_live_at = go_live_at
        target.save_revision(user=user, log_action=True, clean=False).publish(user=user)
        kind = "product"
    elif target.live:
        target.save_revision(user=user, log_action=True, clean=False).publish(user=user)
        kind, published = "product", True
    else:
        target.save()
        target.save_revision(user=user, log_action=True, clean=False)
        kind = "product"
    return PriceResult(
        sku=target.sku,
        kind=kind,
        price=target.price,
        compare_at_price=target.compare_at_price,
        go_live_at=go_live_at,
        published=published,
    )
