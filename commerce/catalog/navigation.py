"""The category menu of the header and footer: plain data (names and URLs), built in one
query and cached by commerce.caching, so a page pays nothing for it once the cache is warm.
Saving or deleting a category forgets it."""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commerce.caching import CachedValue
from commerce.catalog.models import Category

NAV_TEMPLATE = "includes/category_nav.html"
MAX_CHILDREN = 12  # per top category: the menu must stay lighter than the page's content


@dataclass(frozen=True)
class MenuLink:
    name: str
    url: str
    children: tuple["MenuLink", ...] = ()


def build_category_menu() -> tuple[MenuLink, ...]:
    """Listed top categories in shop order, each with its listed children (one query)."""
    rows = (
        Category.objects.listed()
        .filter(depth__lte=1)
        .order_by("depth", "position", "name")
        .values_list("pk", "parent_id", "name", "path")
    )
    tops: dict[int, tuple[str, str]] = {}
    children: dict[int, list[MenuLink]] = {}
    for pk, parent_id, name, path in rows:
        url = reverse("catalog:category", kwargs={"path": path})
        if parent_id is None:
            tops[pk] = (name, url)
        else:
            children.setdefault(parent_id, []).append(MenuLink(name, url))
    return tuple(
        MenuLink(name, url, tuple(children.get(pk, ())[:MAX_CHILDREN]))
        for pk, (name, url) in tops.items()
    )


# Bump the version whenever MenuLink or the menu's shape changes.
MENU = CachedValue("catalog:category-menu:v1", build_category_menu)


def category_menu() -> tuple[MenuLink, ...]:
    return MENU.get()


_nav_html: tuple[tuple[MenuLink, ...], str] | None = None  # (menu, its markup), this process


def category_nav_html(current_path: str | None) -> SafeString:
    """The header's category menu (includes/category_nav.html), rendered once per menu, with
    the link to `current_path` marked as the current page."""
    global _nav_html
    menu = category_menu()
    if _nav_html is None or _nav_html[0] is not menu:
        _nav_html = (menu, get_template(NAV_TEMPLATE).render({"category_menu": menu}))
    html = _nav_html[1]
    if current_path:
        link = f'<a href="{escape(current_path)}">'
        html = html.replace(link, f'<a href="{escape(current_path)}" aria-current="page">')
    return mark_safe(html)


def forget_category_menu() -> None:
    MENU.forget()


def _categories_by_path() -> dict[str, Category]:
    return {category.path: category for category in Category.objects.all()}


# Every category by path, for breadcrumb trails (a query per product and category page
# otherwise). Bump the version whenever Category's fields change.
BY_PATH = CachedValue("catalog:categories-by-path:v1", _categories_by_path)


def breadcrumb_trail(category: Category) -> list[Category]:
    """`category.ancestors_and_self()` (root first) from the cached categories; from the
    database when one of them is not there (moved or added since)."""
    parts = category.path.split("/")
    by_path = BY_PATH.get()
    trail = [by_path.get("/".join(parts[: index + 1])) for index in range(len(parts))]
    if None in trail:
        return category.ancestors_and_self()
    return trail


def forget_categories_by_path() -> None:
    BY_PATH.forget()


def connect_signals() -> None:
    """Called from CatalogConfig.ready."""
    MENU.forget_on(post_save, post_delete, senders=(Category,))
    BY_PATH.forget_on(post_save, post_delete, senders=(Category,))
