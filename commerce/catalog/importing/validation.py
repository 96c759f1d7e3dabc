"""Checking a whole catalog document before anything is written.

Every problem is collected with its place in the file, so one run lists them all; the result
is an ImportPlan of typed values (Decimal prices, checked image files, known references).

Two steps: `check_image_files` reads and hashes the image files (slow, no database), before
the import's transaction; `validate_document` reads the database, inside that transaction,
locking what the import will write (see existing.py).
"""

from collections import defaultdict
from functools import partial
from pathlib import Path

from django.utils.text import slugify

from commerce.catalog.importing.cells import (
    parse_attributes_cell,
    parse_images_cell,
    parse_stock_cell,
)
from commerce.catalog.importing.existing import load_existing
from commerce.catalog.importing.images import ImageFileChecker
from commerce.catalog.importing.parsing import PRODUCT_FIELDS
from commerce.catalog.importing.plan import (
    AttributeRow,
    CategoryRow,
    ImportPlan,
    ProductRow,
    WarehouseRow,
)
from commerce.catalog.importing.problems import CatalogImportError, Invalid, Place, Problem
from commerce.catalog.importing.values import (
    title_from_slug,
    to_bool,
    to_money,
    to_optional_money,
    to_rich_text,
    to_slug,
    to_status,
    to_swatch_colour,
    to_text,
    to_whole_number,
)
from commerce.catalog.importing.variant_checks import check_variants
from commerce.catalog.models import ProductVariant

SECTIONS = ("warehouses", "attributes", "categories", "products")
MAX_POSITION = 2_147_483_647
MAX_QUANTITY = 2_147_483_647
MAX_PRIORITY = 32_767

# file key -> (model field, conversion); keys mapped to None are checked on their own.
WAREHOUSE_FIELDS = {
    "code": None,
    "name": ("name", partial(to_text, max_length=120, required=True)),
    "priority": ("priority", partial(to_whole_number, maximum=MAX_PRIORITY)),
    "active": ("is_active", to_bool),
}
ATTRIBUTE_FIELDS = {
    "slug": None,
    "name": ("name", partial(to_text, max_length=80, required=True)),
    "filterable": ("is_filterable", to_bool),
    "shown_on_cards": ("is_shown_on_cards", to_bool),
    "position": ("position", partial(to_whole_number, maximum=MAX_POSITION)),
    "options": None,
}
OPTION_FIELDS = {
    "slug": None,
    "value": ("value", partial(to_text, max_length=100, required=True)),
    "swatch_colour": ("swatch_colour", to_swatch_colour),
}
CATEGORY_FIELDS = {
    "path": None,
    "name": ("name", partial(to_text, max_length=120, required=True)),
    "description": ("description", partial(to_text, max_length=100_000)),
    "image": None,
    "position": ("position", partial(to_whole_number, maximum=MAX_POSITION)),
    "active": ("is_active", to_bool),
}
PRODUCT_VALUE_FIELDS = {
    "name": ("name", partial(to_text, max_length=200, required=True)),
    "slug": ("slug", partial(to_slug, max_length=200)),
    "status": ("status", to_status),
    "price": ("price", to_money),
    "compare_at_price": ("compare_at_price", to_optional_money),
    "description": ("description", to_rich_text),
}
IMAGE_FIELDS = {"path": None, "alt": None}
REQUIRED_FOR_NEW_PRODUCT = ("name", "price", "category")


def to_category_path(value) -> str:
    text = to_text(value, max_length=600, required=True).strip("/")
    segments = [segment.strip() for segment in text.split("/")]
    for segment in segments:
        if not segment:
            raise Invalid(f"'{text}' has an empty segment")
        to_slug(segment, max_length=120)
    return "/".join(segments)


def to_alt_text(value) -> str:
    return "" if value is None else to_text(value, max_length=250)


def check_image_files(document, *, base_dir: Path | None) -> ImageFileChecker:
    """Reads, verifies and hashes every image file the document names; needs no database.
    Without a `base_dir` (a document that did not come from a folder) no file is read.

    Bad files are not reported here: `validate_document` reports them at their rows.
    """
    images = ImageFileChecker(None if base_dir is None else Path(base_dir))
    images.inspect_all(_image_paths(document))
    return images


def validate_document(document: dict, *, images: ImageFileChecker) -> ImportPlan:
    """The plan for a valid document; raises CatalogImportError listing every problem.

    Run it inside the transaction that writes the plan: it locks the rows the plan updates.
    `images` is what check_image_files found (a path it did not see is inspected now).
    """
    checker = _Checker(document, images=images)
    plan = checker.run()
    if checker.problems:
        raise CatalogImportError(checker.problems)
    return plan


class _Checker:
    def __init__(self, document, *, images: ImageFileChecker):
        self.document = document
        self.problems: list[Problem] = []
        self.images = images
        self.product_lines = getattr(document, "product_lines", None)
        self.variant_lines = getattr(document, "variant_lines", None) or {}
        # What rows may refer to: the database's keys plus the file's own (filled as we go).
        self.warehouse_codes: set[str] = set()
        self.category_paths: set[str] = set()
        self.option_slugs: dict[str, set[str]] = defaultdict(set)
        # What options are called once written (the file's value, else the database's, else
        # made from the slug, as writing does) and their attributes' order (position, name):
        # to name a variant's picture.
        self.option_values: dict[tuple[str, str], str] = {}
        self.attribute_order: dict[str, tuple[int, str]] = {}

    def report(self, location: str, message: str, code: str = "invalid") -> None:
        self.problems.append(Problem(location, message, code))

    def run(self) -> ImportPlan:
        if not isinstance(self.document, dict):
            self.report("document", "must be an object of sections (products, categories...)")
            return ImportPlan(existing=None)
        for key in self.document:
            if key not in SECTIONS:
                self.report(str(key), f"unknown section; known: {', '.join(SECTIONS)}")
        sections = {name: self.rows(name) for name in SECTIONS}
        plan = ImportPlan(existing=load_existing(**_lookup_keys(sections)))
        self.warehouse_codes.update(plan.existing.warehouses)
        self.category_paths.update(plan.existing.categories)
        for definition_slug in plan.existing.definitions:
            self.option_slugs.setdefault(definition_slug, set())
        for (definition_slug, option_slug), option in plan.existing.options.items():
            self.option_slugs[definition_slug].add(option_slug)
            self.option_values[definition_slug, option_slug] = option.value
        for slug, definition in plan.existing.definitions.items():
            self.attribute_order[slug] = (definition.position, definition.name)

        self.check_warehouses(plan, sections["warehouses"])
        self.check_attributes(plan, sections["attributes"])
        self.check_categories(plan, sections["categories"])
        self.check_products(plan, sections["products"])
        return plan

    # Generic helpers

    def rows(self, section: str) -> list[tuple[Place, dict]]:
        raw = self.document.get(section)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.report(section, "must be a list")
            return []
        lines = self.product_lines if section == "products" else None
        return [
            (Place(section, index, lines[index] if lines else None), row)
            for index, row in enumerate(raw)
        ]

    def objects(self, rows):
        """The rows that are objects; the others are reported, in file order."""
        for place, row in rows:
            if isinstance(row, dict):
                yield place, row
            else:
                self.report(place(), "must be an object")

    def unknown_keys(self, where, row: dict, known) -> None:
        for key in row:
            if key not in known:
                self.report(where(key), "unknown field", "unknown_field")

    def convert(self, where, row: dict, key: str, conversion):
        """The converted row[key]; None when absent ("required" says so) or wrong (reported)."""
        if key not in row:
            return None
        try:
            return conversion(row[key])
        except Invalid as error:
            self.report(where(key), str(error))
            return None

    def required(self, where, row: dict, key: str, conversion):
        if key not in row:
            self.report(where(key), "is required", "required")
            return None
        return self.convert(where, row, key, conversion)

    def values(self, where, row: dict, fields: dict) -> tuple[dict, set[str]]:
        """The model values of the given fields, and the keys whose value was refused."""
        values, refused = {}, set()
        for key, spec in fields.items():
            if spec is None or key not in row:
                continue
            field, conversion = spec
            try:
                values[field] = conversion(row[key])
            except Invalid as error:
                self.report(where(key), str(error))
                refused.add(key)
        return values, refused

    def list_of_objects(self, where, row: dict, key: str) -> list[dict]:
        raw = row.get(key, [])
        if not isinstance(raw, list):
            self.report(where(key), "must be a list")
            return []
        return raw

    # Sections

    def check_warehouses(self, plan: ImportPlan, rows) -> None:
        for place, row in self.objects(rows):
            self.unknown_keys(place, row, WAREHOUSE_FIELDS)
            code = self.required(place, row, "code", partial(to_slug, max_length=32))
            values, _ = self.values(place, row, WAREHOUSE_FIELDS)
            if code is None:
                continue
            if any(existing.code == code for existing in plan.warehouses):
                self.report(place("code"), f"warehouse '{code}' is given twice")
                continue
            if code not in plan.existing.warehouses:
                values.setdefault("name", title_from_slug(code))
            self.warehouse_codes.add(code)
            plan.warehouses.append(WarehouseRow(code=code, values=values))

    def check_attributes(self, plan: ImportPlan, rows) -> None:
        for place, row in self.objects(rows):
            self.unknown_keys(place, row, ATTRIBUTE_FIELDS)
            slug = self.required(place, row, "slug", partial(to_slug, max_length=80))
            values, _ = self.values(place, row, ATTRIBUTE_FIELDS)
            options = self.check_options(place, row, slug)
            if slug is None:
                continue
            if any(existing.slug == slug for existing in plan.attributes):
                self.report(place("slug"), f"attribute '{slug}' is given twice")
                continue
            if slug not in plan.existing.definitions:
                values.setdefault("name", title_from_slug(slug))
            self.option_slugs[slug].update(option_slug for option_slug, _ in options)
            self.name_options(slug, values, options)
            plan.attributes.append(AttributeRow(slug=slug, values=values, options=options))

    def name_options(self, slug: str, values: dict, options: list) -> None:
        position, name = self.attribute_order.get(slug, (0, ""))
        self.attribute_order[slug] = (values.get("position", position), values.get("name", name))
        for option_slug, given in options:
            if "value" in given:
                self.option_values[slug, option_slug] = given["value"]
            else:
                self.option_values.setdefault((slug, option_slug), title_from_slug(option_slug))

    def options_text(self, options) -> str:
        """ "40, Navy": the values of these (attribute, option) slugs, in attribute order."""
        ordered = sorted(
            options, key=lambda pair: (*self.attribute_order.get(pair[0], (0, "")), pair)
        )
        return ", ".join(
            self.option_values.get(pair) or title_from_slug(pair[1]) for pair in ordered
        )

    def check_options(self, place: Place, row: dict, definition_slug) -> list:
        options = []
        for index, option in enumerate(self.list_of_objects(place, row, "options")):
            where = partial(place, "options", index)
            if not isinstance(option, dict):
                self.report(where(), "must be an object with slug and value")
                continue
            self.unknown_keys(where, option, OPTION_FIELDS)
            slug = self.required(where, option, "slug", partial(to_slug, max_length=100))
            values, _ = self.values(where, option, OPTION_FIELDS)
            if slug is None:
                continue
            if any(known == slug for known, _ in options):
                self.report(where("slug"), f"option '{slug}' is given twice")
                continue
            options.append((slug, values))
        return options

    def check_categories(self, plan: ImportPlan, rows) -> None:
        file_paths = set()
        for place, row in self.objects(rows):
            self.unknown_keys(place, row, CATEGORY_FIELDS)
            path = self.required(place, row, "path", to_category_path)
            values, _ = self.values(place, row, CATEGORY_FIELDS)
            existing = plan.existing.categories.get(path)
            if path and not existing:
                values.setdefault("name", title_from_slug(path.rpartition("/")[2]))
            if "image" in row:
                name = values.get("name") or (existing.name if existing else "")
                values["image"] = self.category_image(place, row["image"], name)
            if path is None:
                continue
            if path in file_paths:
                self.report(place("path"), f"category '{path}' is given twice")
                continue
            parent = path.rpartition("/")[0]
            if parent and parent not in self.category_paths:
                self.report(
                    place("path"),
                    f"parent category '{parent}' is not in the database or earlier in the file",
                )
            file_paths.add(path)
            self.category_paths.add(path)
            plan.categories.append(CategoryRow(path=path, values=values))

    def category_image(self, place: Place, raw, name):
        if raw is None or raw == "":
            return None
        try:
            return self.images.check(raw, title=name or "")
        except Invalid as error:
            self.report(place("image"), str(error))
            return None

    def check_products(self, plan: ImportPlan, rows) -> None:
        sku_places: dict[str, str] = {}
        variant_skus: dict[str, str] = {}  # variant SKUs given so far -> their place
        taken_skus = _variant_owners(rows)
        slug_skus: dict[str, str] = {}  # slugs the file gives or makes -> SKU
        for place, row in self.objects(rows):
            self.unknown_keys(place, row, PRODUCT_FIELDS)
            sku = self.required(place, row, "sku", partial(to_text, max_length=64, required=True))
            values, refused = self.values(place, row, PRODUCT_VALUE_FIELDS)
            category_path = self.convert(place, row, "category", to_category_path)
            attribute_options = self.product_attributes(place, row)
            product = plan.existing.products.get(sku)
            title = values.get("name") or (product.name if product else sku) or ""
            images = self.product_images(place, row, title=title)
            stock = self.product_stock(place, row)
            variants = check_variants(
                self,
                place,
                row,
                sku=sku,
                product_name=title,
                variant_lines=self.variant_lines.get(place.index),
                taken_skus=taken_skus,
                sku_places=variant_skus,
            )
            if sku is None:
                continue
            if sku in sku_places:
                self.report(place("sku"), f"SKU '{sku}' is also at {sku_places[sku]}")
                continue
            sku_places[sku] = place()

            if product is None:
                for key in REQUIRED_FOR_NEW_PRODUCT:
                    if key not in row:
                        self.report(place(key), "is required for a new product", "required")
            if category_path and category_path not in self.category_paths:
                self.report(place("category"), f"unknown category '{category_path}'")
            self.product_slug(plan, place, values, sku, product, slug_skus)
            if not refused & {"price", "compare_at_price"}:
                self.product_prices(place, values, product)

            plan.products.append(
                ProductRow(
                    sku=sku,
                    location=place(),
                    existing=product,
                    values=values,
                    category_path=category_path,
                    attribute_options=attribute_options,
                    images=images,
                    stock=stock,
                    variants=variants,
                )
            )

    def product_slug(self, plan, place, values, sku, product, slug_skus) -> None:
        """Checks a given slug; makes one from the name for a new product without."""
        if "slug" in values:
            slug, made = values["slug"], False
        elif product is None and values.get("name"):
            slug = _slug_from_name(values["name"], sku, plan.existing.slug_owners, slug_skus)
            made = True
            if not slug:
                self.report(place("slug"), "cannot be made from the name; give a slug")
                return
            values["slug"] = slug
        else:
            return
        owners = (plan.existing.slug_owners.get(slug), slug_skus.get(slug))
        owner = next((owner for owner in owners if owner and owner != sku), None)
        if owner:
            made_from_name = " (made from the name; give a slug)" if made else ""
            self.report(
                place("slug"), f"'{slug}' is already the slug of product {owner}{made_from_name}"
            )
        slug_skus[slug] = sku

    def product_prices(self, place: Place, values: dict, product) -> None:
        """The compare-at price must stay above the price, including the stored ones."""
        price = values.get("price", product.price if product else None)
        if "compare_at_price" in values:
            compare_at, key = values["compare_at_price"], "compare_at_price"
        else:
            compare_at, key = (product.compare_at_price if product else None), "price"
        if price is None or compare_at is None or compare_at > price:
            return
        if key == "compare_at_price":
            message = f"{compare_at} must be higher than the price {price}"
        else:
            message = (
                f"{price} is not below the current compare-at price {compare_at}; "
                "give a higher compare_at_price or an empty one"
            )
        self.report(place(key), message)

    def product_attributes(self, place: Place, row: dict):
        if "attributes" not in row:
            return None
        raw = row["attributes"]
        try:
            raw = parse_attributes_cell(raw) if isinstance(raw, str) else raw
        except Invalid as error:
            self.report(place("attributes"), str(error))
            return None
        if not isinstance(raw, dict):
            self.report(place("attributes"), "must be an object of attribute: [option, ...]")
            return None
        chosen = []
        for definition_slug, option_slugs in raw.items():
            where = place("attributes", definition_slug)
            if definition_slug not in self.option_slugs:
                self.report(where, f"unknown attribute '{definition_slug}'")
                continue
            option_slugs = [option_slugs] if isinstance(option_slugs, str) else option_slugs
            if not isinstance(option_slugs, list) or not all(
                isinstance(slug, str) for slug in option_slugs
            ):
                self.report(where, "must be a list of option slugs")
                continue
            for option_slug in (slug.strip() for slug in option_slugs):
                if option_slug not in self.option_slugs[definition_slug]:
                    self.report(where, f"unknown option '{option_slug}' of '{definition_slug}'")
                elif (definition_slug, option_slug) not in chosen:
                    chosen.append((definition_slug, option_slug))
        return chosen

    def product_images(self, place: Place, row: dict, *, title: str):
        if "images" not in row:
            return None
        raw = row["images"]
        raw = parse_images_cell(raw) if isinstance(raw, str) else raw
        if not isinstance(raw, list):
            self.report(place("images"), "must be a list of images")
            return None
        images = []
        for index, item in enumerate(raw):
            where = partial(place, "images", index)
            item = {"path": item} if isinstance(item, str) else item
            if not isinstance(item, dict):
                self.report(where(), "must be a path or an object with path and alt")
                continue
            self.unknown_keys(where, item, IMAGE_FIELDS)
            alt = self.convert(where, item, "alt", to_alt_text) or ""
            if "path" not in item:
                self.report(where("path"), "is required")
                continue
            try:
                images.append((self.images.check(item["path"], title=alt or title), alt))
            except Invalid as error:
                self.report(where("path"), str(error))
        return images

    def product_stock(self, place: Place, row: dict):
        if "stock" not in row:
            return None
        raw = row["stock"]
        try:
            raw = parse_stock_cell(raw) if isinstance(raw, str) else raw
        except Invalid as error:
            self.report(place("stock"), str(error))
            return None
        if not isinstance(raw, dict):
            self.report(place("stock"), "must be an object of warehouse code: quantity")
            return None
        stock = {}
        for code, quantity in raw.items():
            where = place("stock", code)
            if code not in self.warehouse_codes:
                self.report(where, f"unknown warehouse '{code}'")
                continue
            try:
                stock[code] = to_whole_number(quantity, maximum=MAX_QUANTITY)
            except Invalid as error:
                self.report(where, str(error))
        return stock


def _variant_owners(rows) -> dict[str, str]:
    """{variant SKU: its product's SKU} of the variant SKUs the file names that exist."""
    skus = {
        item["sku"].strip()
        for _, row in rows
        if isinstance(row, dict) and isinstance(row.get("variants"), list)
        for item in row["variants"]
        if isinstance(item, dict) and isinstance(item.get("sku"), str)
    }
    if not skus:
        return {}
    return dict(ProductVariant.objects.filter(sku__in=skus).values_list("sku", "product__sku"))


def _slug_from_name(name: str, sku: str, slug_owners: dict, slug_skus: dict) -> str:
    """slugify(name), or slugify(name-sku) when another product already has that one."""
    slug = slugify(name)[:200]
    taken = slug_owners.get(slug, sku) != sku or slug_skus.get(slug, sku) != sku
    if slug and taken:
        slug = slugify(f"{name}-{sku}")[:200]
    return slug


def _loose_path(text: str) -> str:
    return "/".join(segment.strip() for segment in text.strip().strip("/").split("/"))


def _loose_keys(rows, key: str) -> set[str]:
    """The stripped `key` of each row that has it as text."""
    texts = (row.get(key) for _, row in rows if isinstance(row, dict))
    return {text.strip() for text in texts if isinstance(text, str)}


def _lookup_keys(sections: dict) -> dict:
    """The keys to fetch (and lock) existing rows by, read loosely from the raw rows."""
    paths, written_paths = set(), set()
    for _, row in sections["categories"]:
        if isinstance(row, dict) and isinstance(row.get("path"), str):
            segments = _loose_path(row["path"]).split("/")
            written_paths.add("/".join(segments))
            paths.update("/".join(segments[: end + 1]) for end in range(len(segments)))
    skus, slugs = set(), set()
    for _, row in sections["products"]:
        if not isinstance(row, dict):
            continue
        if isinstance(row.get("category"), str):
            paths.add(_loose_path(row["category"]))
        sku = row["sku"].strip() if isinstance(row.get("sku"), str) else ""
        skus.add(sku)
        if isinstance(row.get("slug"), str):
            slugs.add(row["slug"].strip())
        if isinstance(row.get("name"), str):
            slugs.update({slugify(row["name"]), slugify(f"{row['name']}-{sku}")})
    return {
        "warehouse_codes": _loose_keys(sections["warehouses"], "code"),
        "definition_slugs": _loose_keys(sections["attributes"], "slug"),
        "category_paths": paths,
        "written_category_paths": written_paths,
        "skus": skus,
        "product_slugs": slugs,
    }


def _image_paths(document) -> list:
    """Every image path the document names, read loosely from the raw rows."""
    if not isinstance(document, dict):
        return []
    paths = []
    categories = document.get("categories")
    for row in categories if isinstance(categories, list) else ():
        if isinstance(row, dict):
            paths.append(row.get("image"))
    products = document.get("products")
    for row in products if isinstance(products, list) else ():
        images = row.get("images") if isinstance(row, dict) else None
        images = parse_images_cell(images) if isinstance(images, str) else images
        for item in images if isinstance(images, list) else ():
            paths.append(item.get("path") if isinstance(item, dict) else item)
        variants = row.get("variants") if isinstance(row, dict) else None
        for item in variants if isinstance(variants, list) else ():
            image = item.get("image") if isinstance(item, dict) else None
            paths.append(image.get("path") if isinstance(image, dict) else image)
    return paths
