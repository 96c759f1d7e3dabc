from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from commerce.catalog import selectors

PAGE_SIZE = 24


def category_detail(request, path: str):
    category = selectors.listed_category(path.strip("/"))
    if category is None:
        raise Http404("No such category")
    page = Paginator(selectors.category_products(category), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "catalog/category_detail.html",
        {
            "category": category,
            "breadcrumbs": category.ancestors_and_self(),
            "subcategories": category.children.listed().order_by("position", "name"),
            "page": page,
            "cards": selectors.as_cards(page),
        },
    )


def product_detail(request, slug: str):
    product = selectors.visible_product(slug)
    if product is None:
        raise Http404("No such product")
    return render(request, "catalog/product_detail.html", selectors.product_page_context(product))
