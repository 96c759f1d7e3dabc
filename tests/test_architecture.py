"""The import rules of docs/architecture.md, checked by parsing every module of the tree."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# app -> the apps it may import (besides itself and the shared modules directly in commerce/).
COMMERCE_RULES = {
    "stock": set(),
    "catalog": {"stock"},
    "coupons": {"catalog"},
    "pricing": {"catalog", "coupons", "stock"},
    "shoppers": set(),
    "cart": {"shoppers", "catalog", "stock", "coupons", "pricing"},
    "lists": {"shoppers", "catalog", "stock", "pricing", "cart"},
    "orders": {"catalog", "stock", "coupons", "pricing"},
    "payments": {"orders", "pricing"},
    "accounts": {"shoppers", "orders", "cart", "lists", "pricing"},
}
COMMERCE_RULES["checkout"] = set(COMMERCE_RULES)
COMMERCE_RULES["backoffice"] = set(COMMERCE_RULES) | {"checkout"}
COMMERCE_RULES["webhooks"] = {"orders", "catalog", "stock"}
ANYTHING = None  # demo and api may import any app of the project
COMMERCE_RULES["demo"] = ANYTHING
COMMERCE_RULES["api"] = ANYTHING

PROJECT_PACKAGES = ("commerce", "home", "pages", "storefront")
MONEY_MODULE = ROOT / "commerce" / "pricing" / "money.py"


def python_files(*folders: str):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "commerce":  # `from commerce import cart`
                names.update(f"commerce.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in PROJECT_PACKAGES}


def commerce_app_of(module: str, root: Path) -> str | None:
    """`commerce.cart.services` -> "cart"; a shared module directly in commerce/ -> None."""
    parts = module.split(".")
    if parts[0] != "commerce" or len(parts) < 2:
        return None
    return parts[1] if (root / "commerce" / parts[1]).is_dir() else None


def forbidden_imports(path: Path, root: Path = ROOT) -> list[str]:
    relative = path.relative_to(root)
    top = relative.parts[0]
    problems = []
    for module in sorted(imported_modules(path)):
        target_top = module.split(".")[0]
        if top == "commerce":
            app = relative.parts[1] if len(relative.parts) > 2 else None
            allowed = COMMERCE_RULES.get(app, set()) if app else set()
            if allowed is ANYTHING:
                continue
            if target_top in ("home", "pages", "storefront"):
                problems.append(f"{relative}: imports {module}")
                continue
            target_app = commerce_app_of(module, root)
            if target_app is not None and target_app != app and target_app not in allowed:
                problems.append(f"{relative}: imports {module}")
        elif top == "home" and target_top == "pages":
            problems.append(f"{relative}: imports {module} (pages builds on home, not back)")
    return problems


def test_every_commerce_app_has_a_rule():
    apps = {path.name for path in (ROOT / "commerce").iterdir() if (path / "__init__.py").exists()}
    assert apps <= set(COMMERCE_RULES), apps - set(COMMERCE_RULES)


def test_imports_follow_the_documented_arrows():
    problems = [
        problem
        for path in python_files("commerce", "home", "pages")
        for problem in forbidden_imports(path)
    ]
    assert problems == []


def test_the_rule_checker_catches_an_upward_import(tmp_path):
    """The checker itself: catalog importing checkout is refused, the reverse is not."""
    upward = tmp_path / "commerce" / "catalog" / "views.py"
    downward = tmp_path / "commerce" / "checkout" / "views.py"
    for path, source in [
        (upward, "from commerce.checkout.services import place_order\n"),
        (downward, "from commerce.catalog.models import Product\n"),
    ]:
        path.parent.mkdir(parents=True)
        path.write_text(source)
    assert forbidden_imports(upward, tmp_path) == [
        "commerce/catalog/views.py: imports commerce.checkout.services"
    ]
    assert forbidden_imports(downward, tmp_path) == []


@pytest.mark.parametrize("needle", ["quantize(", "ROUND_HALF_UP"])
def test_only_the_pricing_money_module_rounds_money(needle):
    rounding = [
        str(path.relative_to(ROOT))
        for path in python_files("commerce", "home", "pages", "site", "bench")
        if path != MONEY_MODULE and "migrations" not in path.parts and needle in path.read_text()
    ]
    assert rounding == []
