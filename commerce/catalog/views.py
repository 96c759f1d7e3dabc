from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from commerce.catalog import listing, navigation, search, selectors
from commerce.catalog.listing_params import PAGE_SIZES, SORTS, parse_listing_params
from commerce.catalog.models import Category, Product


def category_detail(request, path: str):
    subtree = _listed_subtree(path.strip("/"))
    if not subtree:
        raise Http404("No such category")
    category = subtree[0]
    # The subtree's ids as values, not a subquery: the planner then knows which categories
    # (and how many products) are in play and picks the cheap plan for a leaf as for a root.
    scope = Product.objects.visible().filter(category_id__in=[c.pk for c in subtree])
    return _listing_page(
        request,
        scope,
        category=category,
        breadcrumbs=navigation.breadcrumb_trail(category),
        subcategories=[c for c in subtree if c.parent_id == category.pk],
    )


def all_products(request):
    """Every visible product, with the category page's filters, sorting and pagination; the
    top-level categories are offered as its subcategories."""
    return _listing_page(
        request,
        Product.objects.visible(),
        category=listing.ALL_PRODUCTS,
        breadcrumbs=[listing.ALL_PRODUCTS],
        subcategories=list(Category.objects.listed().roots().order_by("position", "name")),
    )


def _listing_page(request, scope, **context):
    definitions = listing.filterable_definitions()
    params = parse_listing_params(request.GET, known_options=listing.known_options(definitions))
    return render(
        request,
        "catalog/category_detail.html",
        {
            **context,
            "listing": listing.build_listing(scope, params, definitions),
            **_listing_choices(ranked=False),
        },
    )


def _listed_subtree(path: str) -> list[Category]:
    """The listed category at `path` first, then its listed descendants, children in shop
    order (position, name), in one query; empty when the category is not listed."""
    if not path:
        return []
    rows = list(
        Category.objects.listed()
        .filter(Q(path=path) | Q(path__startswith=f"{path}/"))
        .order_by("depth", "position", "name")
    )
    if not rows or rows[0].path != path:
        return []
    return rows


def search_results(request):
    """A search; an empty one sends the shopper to all products (keeping any filter or sort
    in the query string), so "everything" has one address, indexable and canonical, instead
    of a noindex search page with nothing to search for."""
    definitions = listing.filterable_definitions()
    params = parse_listing_params(request.GET, known_options=listing.known_options(definitions))
    if not params.query:
        rest = request.GET.copy()
        rest.pop("q", None)
        target = reverse("catalog:all_products")
        return redirect(f"{target}?{rest.urlencode()}" if rest else target)
    with search.typo_tolerance():
        scope = search.matching(Product.objects.visible(), params.query)
        found = listing.build_listing(scope, params, definitions, ranked=True)
    context = {"query": params.query, "listing": found, **_listing_choices(ranked=True)}
    return render(request, "catalog/search.html", context)


def product_detail(request, slug: str):
    product = selectors.visible_product(slug)
    if product is None:
        raise Http404("No such product")
    chosen = request.GET.get("variant", "")
    context = selectors.product_page_context(product, chosen_sku=chosen[:64])
    return render(request, "catalog/product_detail.html", context)


def _listing_choices(*, ranked: bool) -> dict:
    return {"sort_choices": list(SORTS.items()), "page_sizes": PAGE_SIZES, "ranked": ranked}
