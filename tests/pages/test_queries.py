"""A content page runs a fixed number of queries, however many blocks it holds: images,
call-to-action links and FAQ items are fetched in bulk, the rendered body is cached per page
version, and the header/footer chrome is cached."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.catalog import make_category
from tests.fixtures.content import make_content_page, rich_text

pytestmark = pytest.mark.django_db


def sections(count: int, *, images, pages, category, with_rich_text_links: bool) -> list:
    body = []
    for number in range(count):
        kind = number % 4
        if kind == 0:
            link = f'<a linktype="page" id="{pages[number % len(pages)].pk}">read on</a>'
            text = f"<p>Section {number}, {link if with_rich_text_links else 'plain'}.</p>"
            body.append(("text", rich_text(text)))
        elif kind == 1:
            body.append(
                ("image", {"image": images[number % len(images)], "alt": f"Picture {number}"})
            )
        elif kind == 2:
            target = (
                {"page": pages[number % len(pages)]} if number % 8 == 2 else {"category": category}
            )
            body.append(("call_to_action", {"heading": f"Act {number}", "link": target}))
        else:
            items = [
                {"question": f"Q{number}.{i}", "answer": rich_text("<p>A</p>")} for i in range(3)
            ]
            body.append(("faq", {"heading": f"FAQ {number}", "items": items}))
    return body


@pytest.fixture
def setting(home_page, image_factory, navigation_settings):
    category = make_category("Shoes")
    pages = [make_content_page(home_page, f"Target {n}", show_in_menus=True) for n in range(3)]
    navigation_settings.header_links = [("link", {"page": pages[0], "label": "First"})]
    navigation_settings.save()
    images = [image_factory(f"Picture {n}") for n in range(4)]
    return {"home": home_page, "pages": pages, "images": images, "category": category}


def page_queries(client, url, *, warm_body: bool) -> int:
    client.get(url)  # warm the menus, renditions and the body cache
    if not warm_body:
        # Drops the cached body (and Wagtail's site root paths); the menus stay warm in the
        # process, the renditions in their own cache (with Redis, `clear()` would empty the
        # whole database, renditions included: only this alias's keys go).
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def measure(client, setting, *, warm_body: bool, with_rich_text_links: bool) -> dict[int, int]:
    counts = {}
    for count in (8, 24):
        body = sections(
            count,
            images=setting["images"],
            pages=setting["pages"],
            category=setting["category"],
            with_rich_text_links=with_rich_text_links,
        )
        page = make_content_page(setting["home"], f"Page {count}", body=body)
        counts[count] = page_queries(client, page.url, warm_body=warm_body)
    return counts


# Wagtail's routing of a page one level below the homepage: site, homepage, child, specific
# page, alias check, view restrictions.
ROUTING = 6


@pytest.mark.parametrize("with_rich_text_links", [False, True])
def test_a_warm_content_page_costs_only_its_routing(client, setting, with_rich_text_links):
    counts = measure(client, setting, warm_body=True, with_rich_text_links=with_rich_text_links)

    assert counts == {8: ROUTING, 24: ROUTING}


def test_rendering_the_body_fetches_images_and_links_in_bulk(client, setting):
    counts = measure(client, setting, warm_body=False, with_rich_text_links=False)

    # + site root paths, images, linked pages, categories: the same for 8 and 24 blocks. (With
    # REDIS_URL Wagtail's site root paths survive the cache reset: one query fewer.)
    assert counts[8] == counts[24]
    assert ROUTING + 3 <= counts[8] <= ROUTING + 4
