"""Bad bytes and huge numbers anywhere in a storefront URL answer 4xx or are ignored, never 5xx.

Every URL pattern of the shop (except Wagtail's own /admin/) is resolved from the URLconf and
walked with hostile values in each path parameter and as each query value, by GET and POST, as a
guest and as a signed-in shopper who owns an order, a list and a cart line.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from commerce.catalog.models import AttributeDefinition, AttributeOption
from commerce.lists.identity import Owner
from tests.fixtures.accounts import log_in, make_order, make_shopper
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.lists import make_list, save

# As they appear in a URL (already percent-encoded).
HOSTILE = {
    "NUL": "%00",
    "control characters": "%01%1B%7F",
    "overlong UTF-8": "%C0%AF",
    "5 KB": "a" * 5000,
    "huge number": "99999999999999999999",
}
# Query keys the storefront reads, plus an attribute filter ("colour") and ones nobody reads.
QUERY_KEYS = [
    "q",
    "page",
    "per_page",
    "sort",
    "price_min",
    "price_max",
    "in_stock",
    "colour",
    "next",
    "token",
    "product",
    "quantity",
    "list",
    "unknown",
]
EXCLUDED_PREFIXES = ("admin/",)
FORM = "application/x-www-form-urlencoded"


def storefront_routes() -> list[tuple[str, list[str]]]:
    """Every URL pattern outside /admin/ as a format string ("lists/%(list_id)s/") and the
    names of its parameters (unnamed regex groups are "_0", "_1"...)."""
    routes = []

    def walk(patterns, prefix: str, prefix_params: list[str]):
        for entry in patterns:
            for format_string, params in normalize(entry.pattern.regex.pattern):
                full, names = prefix + format_string, prefix_params + list(params)
                if full.startswith(EXCLUDED_PREFIXES):
                    continue
                if isinstance(entry, URLResolver):
                    walk(entry.url_patterns, full, names)
                elif isinstance(entry, URLPattern):
                    routes.append((full, names))

    walk(get_resolver().url_patterns, "", [])
    return sorted(set((route, tuple(names)) for route, names in routes))


ROUTES = storefront_routes()


@pytest.fixture
def shop(db, home_page):
    """A shop with something behind each parameter, so views get past their first lookup."""
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    red = AttributeOption.objects.create(definition=colour, value="Red", slug="red")
    category = make_category("Tents")
    tent = make_product(category, name="Dome Tent", price="120.00")
    tent.attribute_options.set([red])
    tent.save()
    set_stock(tent, make_warehouse("main"), 5)
    ada = make_shopper("ada@example.com")
    order = make_order(user=ada)
    camping = make_list(Owner(user=ada), "Camping")
    item = save(camping, tent)
    return {
        "path": category.slug,
        "slug": tent.slug,
        "product_id": str(tent.pk),
        "list_id": str(camping.pk),
        "item_id": str(item.pk),
        "number": order.number,
        "token": order.access_token,
        "section": "products",
    }


@pytest.fixture
def visitor(request, client, shop):
    if request.param == "shopper":
        log_in(client)
        client.post("/cart/add/", {"product": shop["product_id"], "quantity": 1})
    return client


def fill(route: str, names, values: dict) -> str:
    return "/" + route % {name: values.get(name, "1") for name in names}


def server_errors(client, urls: list[str], body: str = "") -> list[str]:
    """The GET and POST requests to `urls` (POST with `body` as its form) that answer 5xx."""
    failures = []
    for url in urls:
        for method in ("GET", "POST"):
            data = body if method == "POST" else ""
            try:
                status = client.generic(method, url, data, content_type=FORM).status_code
            except Exception as error:  # the test client raises what the view raised
                status = f"{type(error).__name__}: {str(error)[:120]}"
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{method} {url[:120]} -> {status}")
    return failures


@pytest.mark.parametrize("visitor", ["guest", "shopper"], indirect=True)
def test_hostile_path_parameters_never_give_a_server_error(visitor, shop):
    urls = [
        fill(route, names, {**shop, name: value})
        for route, names in ROUTES
        for name in names
        for value in HOSTILE.values()
    ]
    assert server_errors(visitor, urls) == []


@pytest.mark.parametrize("visitor", ["guest", "shopper"], indirect=True)
def test_hostile_query_values_never_give_a_server_error(visitor, shop):
    """Each hostile value in every query key at once (and in the POST form): each key is read
    on its own, so one request per value reaches every reader of the query string."""
    failures = []
    for value in HOSTILE.values():
        query = "&".join(f"{key}={value}" for key in QUERY_KEYS)
        urls = [f"{fill(route, names, shop)}?{query}" for route, names in ROUTES]
        failures += server_errors(visitor, urls, body=query)
    assert failures == []


def test_the_walk_covers_every_storefront_area():
    prefixes = {re.match(r"[^/%]*", route).group() for route, _names in ROUTES}
    assert {
        "account",
        "cart",
        "categories",
        "checkout",
        "lists",
        "orders",
        "payments",
        "preview",
        "products",
        "search",
    } <= prefixes
    assert not any(route.startswith("admin/") for route, _names in ROUTES)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/categories/%00/"),
        ("GET", "/orders/%00/"),
        ("GET", "/checkout/done/%00/"),
        ("GET", "/lists/shared/%00/"),
        ("GET", "/preview/%00/"),
        ("POST", "/payments/retry/%00/"),
        ("GET", "/products/tent%1B/"),
        ("GET", "/orders/%C0%AF/"),
        ("GET", "/categories/tents%C0%AF/"),
    ],
)
def test_control_characters_and_broken_utf8_in_the_path_are_not_found(client, shop, method, url):
    assert client.generic(method, url).status_code == 404


def test_a_nul_in_the_search_query_is_as_if_nothing_was_asked(client, shop):
    for query in ("%00", "tent%00", "%C0%AF", "tent%01"):
        response = client.get(f"/search/?q={query}")

        # An empty search shows everything: /products/ (commerce.catalog.views).
        assert (response.status_code, response["Location"]) == (302, "/products/")


def test_only_the_unsafe_values_of_a_query_are_dropped(client, shop):
    # The view reads the last q; the unsafe one is gone, so it finds the first.
    response = client.get("/search/?q=dome&q=%00&colour=%00&colour=red&sort=price%00")

    params = response.context["listing"].params
    assert (params.query, params.options, params.sort) == ("dome", {"colour": {"red"}}, "relevance")
    assert [card.product.name for card in response.context["listing"].cards] == ["Dome Tent"]


# 800000000000000000 pages of 12 products start past PostgreSQL's bigint.
@pytest.mark.parametrize("page", ["800000000000000000", "99999999999999999999", "3"])
@pytest.mark.parametrize(
    ("listing_url", "last_page_names"),
    [
        ("/search/?q=tunnel", ["Tunnel Tent 12"]),
        ("/categories/more-tents/?sort=name", ["Tunnel Tent 12"]),
    ],
)
def test_a_page_past_the_last_shows_the_last_page(client, shop, listing_url, last_page_names, page):
    category = make_category("More tents", slug="more-tents")
    for number in range(13):
        make_product(category, name=f"Tunnel Tent {number:02d}")

    response = client.get(f"{listing_url}&per_page=12&page={page}")

    listing = response.context["listing"]
    assert (listing.page.number, listing.page.paginator.num_pages) == (2, 2)
    assert [card.product.name for card in listing.cards] == last_page_names


def test_a_page_whose_address_is_not_ascii_is_found(client, shop, home_page):
    from tests.fixtures.content import make_content_page

    make_content_page(home_page, "Über uns", slug="über-uns")

    assert client.get("/%C3%BCber-uns/").status_code == 200


def test_good_non_ascii_and_plus_signs_in_a_query_are_kept(client, shop):
    response = client.get("/search/?q=caf%C3%A9+tent")

    assert response.status_code == 200
    assert response.context["query"] == "café tent"


def test_an_unsafe_value_before_a_good_one_of_the_same_key_is_dropped(client, shop):
    response = client.get("/search/?q=dome&colour=%00&colour=red")

    assert response.context["listing"].params.options == {"colour": {"red"}}
