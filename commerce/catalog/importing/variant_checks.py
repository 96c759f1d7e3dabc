"""Checking a product's `variants` in an import (JSON list, or CSV rows grouped by product).

A product given with variants gets exactly those: each has a SKU, one option of each of the
product's variant attributes (the attributes its variants name, the same for all of them), an
optional price and compare-at price of its own, stock per warehouse and an optional image.
"""

from dataclasses import replace
from functools import partial

from commerce.catalog.importing.cells import parse_options_cell
from commerce.catalog.importing.images import TITLE_MAX_LENGTH
from commerce.catalog.importing.plan import VariantRow
from commerce.catalog.importing.problems import Invalid
from commerce.catalog.importing.values import to_optional_money, to_text

VARIANT_FIELDS = ("sku", "options", "price", "compare_at_price", "stock", "image")
CSV_VARIANT_COLUMNS = tuple(f"variant_{key}" for key in VARIANT_FIELDS)


class VariantPlace:
    """Where a variant sits: "products[3].variants[1].price" in JSON, "line 14,
    variant_price" in CSV (each variant its own line)."""

    def __init__(self, place, index: int, line: int | None):
        self.place, self.index, self.line = place, index, line

    def __call__(self, *path):
        if self.line is None:
            return self.place("variants", self.index, *path)
        csv_place = type(self.place)(self.place.section, self.place.index, self.line)
        if not path:
            return csv_place()
        return csv_place(f"variant_{path[0]}", *path[1:])


def check_variants(
    checker, place, row: dict, *, sku, product_name, variant_lines, taken_skus, sku_places
):
    """The product's variant rows, or None when the row has no `variants`; problems are
    reported to `checker`. `taken_skus` maps variant SKUs in the database to their product's
    SKU; `sku_places` (shared by the file) where each SKU was first given; `product_name`
    names their pictures."""
    if "variants" not in row:
        return None
    raw = row["variants"]
    if not isinstance(raw, list) or not raw:
        checker.report(place("variants"), "must be a non-empty list of variants")
        return None
    if "stock" in row:
        checker.report(place("stock"), "give the stock per variant when the product has variants")
    variants, combinations, attributes = [], {}, None
    for index, item in enumerate(raw):
        where = VariantPlace(place, index, variant_lines[index] if variant_lines else None)
        if not isinstance(item, dict):
            checker.report(where(), "must be an object with sku and options")
            continue
        checker.unknown_keys(where, item, VARIANT_FIELDS)
        variant_sku = checker.required(
            where, item, "sku", partial(to_text, max_length=64, required=True)
        )
        values, refused = checker.values(
            where,
            item,
            {
                "price": ("price", to_optional_money),
                "compare_at_price": ("compare_at_price", to_optional_money),
            },
        )
        options = _options(checker, where, item)
        stock = checker.product_stock(where, item)
        image = _image(checker, where, item)
        if variant_sku is None or options is None:
            continue
        owner = taken_skus.get(variant_sku)
        if owner is not None and owner != sku:
            checker.report(where("sku"), f"'{variant_sku}' is a variant of product {owner}")
        elif variant_sku in sku_places and variant_sku != sku:
            checker.report(
                where("sku"), f"SKU '{variant_sku}' is also at {sku_places[variant_sku]}"
            )
        sku_places.setdefault(variant_sku, where())
        names = tuple(sorted(slug for slug, _ in options))
        if attributes is None:
            attributes = names
        elif names != attributes:
            checker.report(
                where("options"),
                f"every variant needs the same attributes ({', '.join(attributes)})",
            )
        key = frozenset(options)
        if key in combinations:
            checker.report(where("options"), f"the same options as {combinations[key]}")
        combinations.setdefault(key, where())
        price, compare_at = values.get("price"), values.get("compare_at_price")
        if not refused and compare_at is not None and (price is None or compare_at <= price):
            checker.report(
                where("compare_at_price"), "needs a price of the variant's own, below it"
            )
        variants.append(
            VariantRow(
                sku=variant_sku,
                location=where(),
                options=options,
                values=values,
                stock=stock,
                image=image,
                clears_image="image" in item and image is None,
            )
        )
    _name_pictures(checker, variants, product_name)
    return variants


def _name_pictures(checker, variants: list[VariantRow], product_name: str) -> None:
    """A variant picture given without alt text gets a library title a person can read (not
    its file path): the product's name and the options its variants share, e.g. "Road runner
    (Navy)" for the navy picture of every size. The first use of a file names a new library
    image, as for product pictures."""
    showing: dict[str, list[VariantRow]] = {}
    for variant in variants:
        if variant.image and not variant.image[1]:
            showing.setdefault(variant.image[0].file_hash, []).append(variant)
    for group in showing.values():
        shared = set.intersection(*(set(variant.options) for variant in group))
        words = checker.options_text(shared)
        title = (f"{product_name} ({words})" if words else product_name)[:TITLE_MAX_LENGTH]
        for variant in group:
            source, alt = variant.image
            variant.image = (replace(source, title=title or source.title), alt)


def _options(checker, where, item: dict):
    """[(definition slug, option slug)] of known options, one per attribute; None if wrong."""
    raw = item.get("options", {})
    try:
        raw = parse_options_cell(raw) if isinstance(raw, str) else raw
    except Invalid as error:
        checker.report(where("options"), str(error))
        return None
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        checker.report(where("options"), "must be an object of attribute: option")
        return None
    options, valid = [], True
    for definition_slug, option_slug in raw.items():
        option_slug = option_slug.strip()
        if definition_slug not in checker.option_slugs:
            checker.report(
                where("options", definition_slug), f"unknown attribute '{definition_slug}'"
            )
            valid = False
        elif option_slug not in checker.option_slugs[definition_slug]:
            checker.report(
                where("options", definition_slug),
                f"unknown option '{option_slug}' of '{definition_slug}'",
            )
            valid = False
        else:
            options.append((definition_slug, option_slug))
    return sorted(options) if valid else None


def _image(checker, where, item: dict):
    raw = item.get("image")
    if raw is None or raw == "":
        return None
    path, alt = (raw, "") if isinstance(raw, str) else (None, None)
    if isinstance(raw, dict):
        path, alt = raw.get("path"), raw.get("alt") or ""
    if not isinstance(path, str) or not isinstance(alt, str):
        checker.report(where("image"), "must be a path or an object with path and alt")
        return None
    try:
        return checker.images.check(path, title=alt), alt
    except Invalid as error:
        checker.report(where("image"), str(error))
        return None
