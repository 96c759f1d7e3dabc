"""Header navigation, footer columns, contact details and social links from the site
settings: what shoppers see, the cache, and the settings preview."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.validators import MESSAGE
from pages import navigation
from pages.navigation import CHROME, FooterColumn, NavLink
from tests.fixtures.catalog import make_category
from tests.fixtures.content import make_content_page

pytestmark = pytest.mark.django_db


def main_nav(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="site-nav" aria-label="Main">.*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[0]) if nav else []


def footer_columns(html: str) -> dict[str, list[tuple[str, str]]]:
    columns = re.findall(
        r'<h2 class="footer-column__heading"[^>]*>([^<]+)</h2>\s*<ul>(.*?)</ul>', html, re.S
    )
    return {
        heading: re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', links)
        for heading, links in columns
    }


def settings_form(*, label, url) -> dict:
    """The navigation settings form with one header link to `url`, as the admin posts it
    (a link saved before the one LinkBlock had no product field: it posts none)."""
    link = {"label": label, "url": url, "page": "", "category": ""}
    return nested_form_data(
        {
            "header_links": streamfield([("link", link)]),
            "show_category_menu": "on",
            "footer_columns": streamfield([]),
            "footer_pages_heading": "Info",
        }
    )


@pytest.fixture
def configured(navigation_settings, contact_settings, help_page, home_page):
    shoes = make_category("Shoes")
    returns = make_content_page(home_page, "Returns", show_in_footer=True)
    navigation_settings.header_links = [
        ("link", {"page": help_page, "label": ""}),
        ("link", {"category": shoes, "label": "All shoes"}),
        ("link", {"url": "/search/?q=sale", "label": "Sale"}),
    ]
    navigation_settings.footer_columns = [
        (
            "column",
            {
                "heading": "Shop",
                "links": [
                    {"category": shoes},
                    {"url": "https://example.com/gift", "label": "Gifts"},
                ],
            },
        )
    ]
    navigation_settings.save()
    contact_settings.email = "help@example.com"
    contact_settings.phone = "+49 30 1234"
    contact_settings.address = "Main street 1\n10115 Berlin"
    contact_settings.social_links = [
        ("link", {"network": "instagram", "url": "https://instagram.com/shop", "label": ""})
    ]
    contact_settings.save()
    return {"shoes": shoes, "returns": returns, "help": help_page}


def test_header_shows_the_configured_links_in_order(client, configured):
    assert main_nav(client.get("/").text) == [
        ("/help/", "Help"),
        ("/categories/shoes/", "All shoes"),
        ("/search/?q=sale", "Sale"),
    ]


def test_pages_marked_show_in_menus_follow_the_configured_links(client, configured, home_page):
    make_content_page(home_page, "About us", show_in_menus=True)
    configured["help"].show_in_menus = True  # already linked: listed once
    configured["help"].save_revision().publish()

    assert main_nav(client.get("/").text) == [
        ("/help/", "Help"),
        ("/categories/shoes/", "All shoes"),
        ("/search/?q=sale", "Sale"),
        ("/about-us/", "About us"),
    ]


def test_the_current_page_is_marked(client, configured):
    nav = re.search(r'<nav class="site-nav".*?</nav>', client.get("/help/").text, re.S)[0]
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == ["/help/"]


def test_footer_has_configured_columns_then_the_show_in_footer_pages(client, configured):
    html = client.get("/").text
    footer = re.search(r"<footer.*?</footer>", html, re.S)[0]

    assert footer_columns(footer) == {
        "Shop": [("/categories/shoes/", "Shoes"), ("https://example.com/gift", "Gifts")],
        "Information": [("/returns/", "Returns")],
    }
    assert '<a href="mailto:help@example.com">help@example.com</a>' in footer
    assert '<a href="tel:+49301234">+49 30 1234</a>' in footer
    assert "Main street 1<br>10115 Berlin" in footer
    assert re.search(r'<a [^>]*href="https://instagram.com/shop"[^>]*>Instagram</a>', footer)


def test_unpublished_pages_and_hidden_categories_drop_out(client, configured):
    configured["help"].unpublish()
    configured["shoes"].is_active = False
    configured["shoes"].save()

    html = client.get("/").text

    assert main_nav(html) == [("/search/?q=sale", "Sale")]
    assert footer_columns(html) == {
        "Shop": [("https://example.com/gift", "Gifts")],
        "Information": [("/returns/", "Returns")],
    }


def test_nothing_configured_adds_nothing(client, home_page):
    html = client.get("/").text

    assert 'class="site-nav"' not in html
    assert "footer-column" not in html
    assert "footer-contact" not in html
    assert "footer-social" not in html


def test_the_category_menu_can_be_switched_off(client, navigation_settings):
    make_category("Shoes")
    assert 'class="category-nav"' in client.get("/").text

    navigation_settings.show_category_menu = False
    navigation_settings.save()

    assert 'class="category-nav"' not in client.get("/").text


def test_warm_chrome_costs_no_query(configured, rf, django_assert_num_queries):
    request = rf.get("/")
    built = navigation.site_chrome(request)
    assert built.header_links[0] == NavLink("Help", "/help/")
    assert built.footer_columns[-1] == FooterColumn(
        "Information", (NavLink("Returns", "/returns/"),)
    )

    with django_assert_num_queries(0):
        assert navigation.site_chrome(request) == built

    CHROME.held = None  # another process: reads the shared cache, builds nothing
    with django_assert_num_queries(0):
        assert navigation.site_chrome(request) == built


@pytest.mark.parametrize(
    "change",
    [
        "save settings",
        "publish page",
        "unpublish page",
        "move page",
        "delete page",
        "save category",
        "save contact settings",
        "save site",
    ],
)
def test_changes_forget_the_cached_chrome(client, configured, home_page, change):
    client.get("/")
    assert cache.get(CHROME.key) is not None

    if change == "save settings":
        from pages.models import NavigationSettings

        NavigationSettings.objects.get().save()
    elif change == "publish page":
        configured["help"].title = "Support"
        configured["help"].save_revision().publish()
    elif change == "unpublish page":
        configured["help"].unpublish()
    elif change == "move page":
        configured["returns"].move(configured["help"], pos="last-child")
    elif change == "delete page":
        configured["returns"].delete()
    elif change == "save category":
        configured["shoes"].save()
    elif change == "save contact settings":
        from pages.models import ContactSettings

        ContactSettings.objects.get().save()
    elif change == "save site":
        from wagtail.models import Site

        Site.objects.get().save()

    assert cache.get(CHROME.key) is None
    assert CHROME.held is None


def test_renaming_a_page_updates_the_header_after_publishing_only(client, configured):
    configured["help"].title = "Support"
    configured["help"].save_revision()  # a draft
    assert main_nav(client.get("/").text)[0] == ("/help/", "Help")

    configured["help"].get_latest_revision().publish()

    assert main_nav(client.get("/").text)[0] == ("/help/", "Support")


def test_chrome_is_forgotten_again_when_the_save_commits(
    configured, rf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        configured["shoes"].name = "Boots"
        configured["shoes"].save()
        navigation.site_chrome(rf.get("/"))  # a request rebuilding it before the commit

    assert cache.get(CHROME.key) is None


def test_settings_preview_shows_unsaved_links_on_the_homepage(
    admin_client, client, configured, navigation_settings
):
    url_args = ["pages", "navigationsettings", navigation_settings.site_id]
    preview_url = reverse("wagtailsettings:preview_on_edit", args=url_args)
    data = settings_form(label="Preview only", url="/search/?q=new")

    response = admin_client.post(preview_url, data)
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}
    preview = admin_client.get(preview_url).text

    assert main_nav(preview) == [("/search/?q=new", "Preview only")]
    assert footer_columns(preview) == {"Info": [("/returns/", "Returns")]}
    # Nothing of it reached the storefront or the cache.
    html = client.get("/").text
    assert main_nav(html)[0] == ("/help/", "Help")
    assert "Preview only" not in html
    assert "Preview only" not in str(cache.get(CHROME.key))


def test_a_link_needs_exactly_one_target(navigation_settings):
    from wagtail.blocks import StructBlockValidationError

    from pages.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "Nowhere"}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "Bad", "url": "javascript:alert(1)"}))
    assert block.clean(block.to_python({"label": "Sale", "url": "/search/?q=sale"}))["url"] == (
        "/search/?q=sale"
    )


def test_a_protocol_relative_url_in_a_navigation_link_is_a_form_error(
    admin_client, client, configured, navigation_settings
):
    url_args = ["pages", "navigationsettings", navigation_settings.site_id]
    data = settings_form(label="Elsewhere", url="//evil.example")

    response = admin_client.post(reverse("wagtailsettings:edit", args=url_args), data)

    assert response.status_code == 200
    assert MESSAGE in response.text
    navigation_settings.refresh_from_db()
    assert [link.value.href for link in navigation_settings.header_links] == [
        "/help/",
        "/categories/shoes/",
        "/search/?q=sale",
    ]
    assert "evil.example" not in client.get("/").text


def test_links_saved_in_the_old_shape_still_load_and_render(client, configured):
    """Before the one LinkBlock, the navigation's links had no product field, and a
    protocol-relative URL was accepted: it loads, and renders as no link."""
    from pages.models import NavigationSettings

    old_shape = [
        {"label": "", "page": configured["help"].pk, "category": None, "url": ""},
        {"label": "Shoes", "page": None, "category": configured["shoes"].pk, "url": ""},
        {"label": "Elsewhere", "page": None, "category": None, "url": "//evil.example"},
    ]
    NavigationSettings.objects.update(
        header_links=json.dumps([{"type": "link", "value": value} for value in old_shape])
    )
    navigation.forget_site_chrome()

    html = client.get("/").text

    assert main_nav(html) == [("/help/", "Help"), ("/categories/shoes/", "Shoes")]
    assert "evil.example" not in html
