from django.http import Http404
from django.shortcuts import render

from commerce.catalog import listing, search, selectors
from commerce.catalog.listing_params import PAGE_SIZES, SORTS, parse_listing_params
from commerce.catalog.models import Category, Product


def category_detail(request, path: str):
    category = selectors.listed_category(path.strip("/"))
    if category is None:
        raise Http404("No such category")
    definitions = listing.filterable_definitions()
    params = parse_listing_params(request.GET, known_options=listing.known_options(definitions))
    scope = Product.objects.visible().filter(
        category__in=Category.objects.listed().subtree_of(category)
    )
    return render(
        request,
        "catalog/category_detail.html",
        {
            "category": category,
            "breadcrumbs": category.ancestors_and_self(),
            "subcategories": category.children.listed().order_by("position", "name"),
            "listing": listing.build_listing(scope, params, definitions),
            **_listing_choices(ranked=False),
        },
    )


def search_results(request):
    definitions = listing.filterable_definitions()
    params = parse_listing_params(request.GET, known_options=listing.known_options(definitions))
    context = {"query": params.query, "listing": None, **_listing_choices(ranked=True)}
    if params.query:
        with search.typo_tolerance():
            scope = search.matching(Product.objects.visible(), params.query)
            context["listing"] = listing.build_listing(scope, params, definitions, ranked=True)
    return render(request, "catalog/search.html", context)


def product_detail(request, slug: str):
    product = selectors.visible_product(slug)
    if product is None:
        raise Http404("No such product")
    return render(request, "catalog/product_detail.html", selectors.product_page_context(product))


def _listing_choices(*, ranked: bool) -> dict:
    return {"sort_choices": list(SORTS.items()), "page_sizes": PAGE_SIZES, "ranked": ranked}
