"""Reading an import file (JSON or CSV) into a catalog document."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from commerce.catalog.importing.problems import CatalogImportError, Problem
from commerce.catalog.importing.variant_checks import CSV_VARIANT_COLUMNS

PRODUCT_FIELDS = (
    "sku",
    "name",
    "slug",
    "category",
    "status",
    "price",
    "compare_at_price",
    "description",
    "attributes",
    "images",
    "stock",
    "variants",
)
CSV_COLUMNS = (*(f for f in PRODUCT_FIELDS if f != "variants"), *CSV_VARIANT_COLUMNS)
# An empty CSV cell leaves the field as it is, except here, where it clears the value.
CSV_CLEARABLE_COLUMNS = ("compare_at_price",)


class CatalogDocument(dict):
    """A document read from a file; for a CSV, `product_lines` holds each row's line number,
    so problems can be reported as "line 14, price", and `variant_lines` the lines of each
    product's variants ({product index: [line, ...]})."""

    def __init__(self, *args, product_lines=None, variant_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product_lines = product_lines
        self.variant_lines = variant_lines or {}


def load_catalog_file(path: str | Path) -> dict:
    """The document in a .json or .csv file; raises CatalogImportError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CatalogImportError(
            [Problem(str(path), f"unknown file type '{suffix or path.name}': use .json or .csv")]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogImportError([Problem(str(path), "no such file")]) from None
    except UnicodeDecodeError:
        raise CatalogImportError([Problem(str(path), "not UTF-8 text")]) from None
    except OSError as error:
        raise CatalogImportError([Problem(str(path), error.strerror or str(error))]) from None
    return parse_json(text) if suffix == ".json" else parse_csv(text)


def parse_json(text: str) -> dict:
    try:
        # Numbers with a fraction stay exact: 49.90 is Decimal("49.90"), never a float.
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        raise CatalogImportError([Problem(location, f"not valid JSON: {error.msg}")]) from None
    if not isinstance(document, dict):
        raise CatalogImportError(
            [Problem("document", "must be a JSON object of sections (products, categories...)")]
        )
    return CatalogDocument(document)


def parse_csv(text: str) -> dict:
    """One product a row; empty cells are left out of the row (the field is not changed)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise CatalogImportError([Problem("line 1", "the file is empty")]) from None
    problems = _header_problems(header)
    if problems:
        raise CatalogImportError(problems)

    rows, lines = [], []
    last_line = reader.line_num
    for cells in reader:
        line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                Problem(f"line {line}", f"{len(cells)} cells for {len(header)} columns")
            )
            continue
        row = {}
        for column, cell in zip(header, cells, strict=False):
            value = cell.strip()
            if value or column in CSV_CLEARABLE_COLUMNS:
                row[column] = value
        rows.append(row)
        lines.append(line)
    if problems:
        raise CatalogImportError(problems)
    return _grouped_by_product(rows, lines)


def _grouped_by_product(rows: list[dict], lines: list[int]) -> "CatalogDocument":
    """CSV rows with a variant_sku are variants: rows of the same sku make one product (its
    cells given once, or the same on every row) with a `variants` list, at the first row."""
    products, product_lines, variant_lines, problems = [], [], {}, []
    grouped: dict[str, int] = {}  # product SKU -> index of its product in `products`
    for row, line in zip(rows, lines, strict=True):
        variant = {
            column.removeprefix("variant_"): row.pop(column)
            for column in CSV_VARIANT_COLUMNS
            if column in row
        }
        sku = row.get("sku")
        if not variant:
            products.append(row)
            product_lines.append(line)
            continue
        if "sku" not in variant:
            problems.append(Problem(f"line {line}, variant_sku", "is required for a variant"))
            continue
        index = grouped.get(sku) if sku else None
        if index is None:
            index = len(products)
            if sku:
                grouped[sku] = index
            products.append({**row, "variants": []})
            product_lines.append(line)
            variant_lines[index] = []
        else:
            first = products[index]
            for column, value in row.items():
                if column in first and first[column] != value:
                    problems.append(
                        Problem(
                            f"line {line}, {column}",
                            f"differs from line {product_lines[index]} (same product)",
                        )
                    )
                first.setdefault(column, value)
        products[index]["variants"].append(variant)
        variant_lines[index].append(line)
    if problems:
        raise CatalogImportError(problems)
    return CatalogDocument(
        {"products": products}, product_lines=product_lines, variant_lines=variant_lines
    )


def _header_problems(header: list[str]) -> list[Problem]:
    problems = []
    for position, name in enumerate(header, start=1):
        if name not in CSV_COLUMNS:
            known = ", ".join(CSV_COLUMNS)
            problems.append(
                Problem("line 1", f"unknown column '{name}' (column {position}); known: {known}")
            )
        elif header.index(name) != position - 1:
            problems.append(Problem("line 1", f"column '{name}' appears twice"))
    if "sku" not in header:
        problems.append(Problem("line 1", "a sku column is required"))
    return problems
