from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from commerce.catalog import (
    generation,
    listing,
    listing_cache,
    navigation,
    product_page_cache,
    search,
)
from commerce.catalog.listing_params import PAGE_SIZES, SORTS, parse_listing_params
from commerce.catalog.models import Category, Product


def category_detail(request, path: str):
    path = path.strip("/")
    definitions = listing.filterable_definitions()
    params = parse_listing_params(request.GET, known_options=listing.known_options(definitions))

    def build():
        subtree = _listed_subtree(path)
        if not subtree:
            return None
        # The subtree's ids as values, not a subquery: the planner then knows which categories
        # (and how many products) are in play and picks the cheap plan for a leaf as for a root.
        scope = Product.objects.visible().filter(category_id__in=[c.pk for c in subtree])
        return subtree, listing.build_listing(scope, params, definitions)

    remembered = listing_cache.remembered("category", path, params, definitions, build)
    if remembered is None:
        raise Http404("No such category")
    subtree, found = remembered
    category = subtree[0]
    return _listing_page(
        request,
        found,
        category=category,
        breadcrumbs=navigation.breadcrumb_trail(category),
        subcategories=[c for c in subtree if c.parent_id == category.pk],
    )


def all_products(request):
    """Every visible product, with the category page's filters, sorting and pagination; the
    top-level categories are offered as its subcategories."""
    definitions = listing.filterable_definitions()
    params = parse_listing_params(request.GET, known_options=listing.known_options(definitions))

    def build():
        roots = Category.objects.listed().roots().order_by("position", "name")
        scope = Product.objects.visible()
        return list(roots), listing.build_listing(scope, params, definitions)

    roots, found = listing_cache.remembered("all", "", params, definitions, build)
    return _listing_page(
        request,
        found,
        category=listing.ALL_PRODUCTS,
        breadcrumbs=[listing.ALL_PRODUCTS],
        subcategories=roots,
    )


def _listing_page(request, found: listing.Listing, **context):
    return render(
        request,
        "catalog/category_detail.html",
        {**context, "listing": found, **_listing_choices(ranked=False)},
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

    def build():
        with search.typo_tolerance():
            scope = search.matching(Product.objects.visible(), params.query)
            return listing.build_listing(scope, params, definitions, ranked=True)

    found = listing_cache.remembered("search", "", params, definitions, build)
    context = {"query": params.query, "listing": found, **_listing_choices(ranked=True)}
    return render(request, "catalog/search.html", context)


def product_detail(request, slug: str):
    chosen_sku = request.GET.get("variant", "")[:64]
    # The page and its kept parts are looked up under one read of the catalog's generation.
    with generation.tokens_read_once():
        context = product_page_cache.product_page(slug, chosen_sku)
        if context is None:
            raise Http404("No such product")
        # Categories may have moved since the page was kept: the trail is read every time.
        breadcrumbs = navigation.breadcrumb_trail(context["product"].category)
        return render(
            request,
            "catalog/product_detail.html",
            {**context, "breadcrumbs": breadcrumbs, "kept_page": (slug, chosen_sku)},
        )


def _listing_choices(*, ranked: bool) -> dict:
    return {"sort_choices": list(SORTS.items()), "page_sizes": PAGE_SIZES, "ranked": ranked}
