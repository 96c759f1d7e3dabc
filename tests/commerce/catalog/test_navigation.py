"""The shop's chrome: header with the cached category menu and search form, footer."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalog import navigation
from commerce.catalog.navigation import MENU, MenuLink
from tests.fixtures.catalog import make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    shoes = make_category("Shoes", position=2)
    bags = make_category("Bags", position=1)
    trail = make_category("Trail", parent=shoes, position=2)
    make_category("Road", parent=shoes, position=1)
    make_category("Kids", parent=shoes, position=3, is_active=False)
    make_category("Ultra", parent=trail)  # third level: not in the menu
    make_category("Archive", is_active=False)
    return {"shoes": shoes, "bags": bags, "trail": trail}


def test_menu_lists_listed_top_categories_with_their_listed_children(tree):
    assert navigation.build_category_menu() == (
        MenuLink("Bags", "/categories/bags/"),
        MenuLink(
            "Shoes",
            "/categories/shoes/",
            (
                MenuLink("Road", "/categories/shoes/road/"),
                MenuLink("Trail", "/categories/shoes/trail/"),
            ),
        ),
    )


def test_menu_children_are_capped(category):
    for number in range(navigation.MAX_CHILDREN + 2):
        make_category(f"Child {number:02d}", parent=category)

    (shoes,) = navigation.build_category_menu()

    assert len(shoes.children) == navigation.MAX_CHILDREN
    assert shoes.children[0] == MenuLink("Child 00", "/categories/shoes/child-00/")


def test_menu_is_built_in_one_query_and_then_read_without_any(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        navigation.build_category_menu()
    first = navigation.category_menu()

    with django_assert_num_queries(0):
        assert navigation.category_menu() == first


def test_another_process_reads_the_shared_cache_without_building(tree):
    menu = navigation.category_menu()
    MENU.held = None  # as in a process that never built it

    with CaptureQueriesContext(connection) as queries:
        assert navigation.category_menu() == menu

    assert [query["sql"] for query in queries if "catalog_category" in query["sql"]] == []
    assert cache.get(MENU.key) == menu


def _page_queries(client, url) -> int:
    client.get(url)  # warm the menu and renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["home", "category", "product"])
def test_a_page_with_the_warm_menu_costs_no_query_for_it(client, tree, monkeypatch, page):
    product = make_product(tree["trail"], name="Fell runner")
    url = {
        "home": "/",
        "category": tree["shoes"].get_absolute_url(),
        "product": product.get_absolute_url(),
    }[page]
    with_menu = _page_queries(client, url)
    assert 'href="/categories/shoes/trail/"' in client.get(url).text

    monkeypatch.setattr(navigation, "category_menu", lambda: ())
    without_menu = _page_queries(client, url)

    assert with_menu == without_menu


def test_saving_a_category_refreshes_the_menu(client, tree):
    assert ">Trail</a>" in client.get("/").text

    tree["trail"].name = "Mountain"
    tree["trail"].save()

    assert cache.get(MENU.key) is None
    html = client.get("/").text
    assert ">Mountain</a>" in html
    assert ">Trail</a>" not in html


def test_switching_a_category_off_or_deleting_it_removes_it_from_the_menu(client, tree):
    tree["trail"].is_active = False
    tree["trail"].save()
    assert 'href="/categories/shoes/trail/"' not in client.get("/").text

    tree["bags"].delete()
    assert 'href="/categories/bags/"' not in client.get("/").text
    assert [link.name for link in navigation.category_menu()] == ["Shoes"]


def test_the_menu_is_forgotten_again_when_the_save_commits(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tree["bags"].name = "Luggage"
        tree["bags"].save()
        navigation.category_menu()  # a request rebuilding it before the commit

    assert cache.get(MENU.key) is None
    assert MENU.held is None


def test_header_has_a_labelled_search_form_for_the_search_page(client, tree):
    html = client.get("/").text

    form = re.search(r'<form class="site-search"[^>]*>(.*?)</form>', html, re.S)
    assert 'role="search"' in form.group(0)
    assert 'method="get"' in form.group(0)
    assert 'action="/search/"' in form.group(0)
    assert '<label class="visually-hidden" for="site-search-q">Search products</label>' in (
        form.group(1)
    )
    assert '<input id="site-search-q" type="search" name="q"' in form.group(1)


def test_search_box_keeps_the_query_on_the_search_page(client, tree):
    html = client.get("/search/", {"q": "boot"}).text

    assert '<input id="site-search-q" type="search" name="q" value="boot"' in html


def test_chrome_has_landmarks_skip_link_and_language(client, tree):
    html = client.get("/").text

    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert html.count("<header") == 1
    assert '<main id="main"' in html
    assert html.count("<footer") == 1
    assert '<nav class="category-nav" aria-label="Categories">' in html
    assert "<summary>Categories</summary>" in html
    assert '<meta name="description"' in html


def test_current_category_is_marked_in_the_menu(client, tree):
    html = client.get(tree["trail"].get_absolute_url()).text

    menu = re.search(r'<nav class="category-nav".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', menu) == [
        "/categories/shoes/trail/"
    ]


def test_footer_links_the_top_categories(client, tree):
    html = client.get("/").text

    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer) == [
        ("/categories/bags/", "Bags"),
        ("/categories/shoes/", "Shoes"),
    ]
    assert "Storefront</p>" in footer


def test_an_empty_shop_has_no_category_navigation(client):
    html = client.get("/").text

    assert "category-nav" not in html
    assert 'aria-label="Footer"' not in html
