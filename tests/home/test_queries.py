"""The homepage runs the same number of queries however many sections and products it holds."""

import re

import pytest

from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.home import builders as b

SOURCES = ["newest", "on_sale", "products", "category", "best_sellers", "newest"]


@pytest.fixture
def shop(db, image_factory):
    """Products with pictures in two categories, a campaign banner, pictures for blocks."""

    def build(products: int):
        outdoor = make_category("Outdoor", image=image_factory("outdoor"))
        tents = make_category("Tents", parent=outdoor, image=image_factory("tents"))
        warehouse = make_warehouse()
        items = []
        for index in range(products):
            product = make_product(
                tents if index % 2 else outdoor,
                name=f"Tent {index}",
                price="50.00",
                compare_at_price="80.00" if index % 3 == 0 else None,
            )
            product.images.create(image=image_factory(f"tent {index}"), alt_text="Tent")
            product.save()
            set_stock(product, warehouse, 5)
            items.append(product)
        picture = image_factory("hero")
        banner = b.make_banner(picture, mobile_image=image_factory("hero mobile"))
        return {
            "categories": [outdoor, tents],
            "products": items,
            "picture": picture,
            "banner": banner,
        }

    return build


def product_sections(shop, count: int) -> list[dict]:
    outdoor, _ = shop["categories"]
    return [
        b.product_section(
            f"Section {index}",
            SOURCES[index % len(SOURCES)],
            limit=12,
            products=shop["products"][index : index + 4],
            category=outdoor,
        )
        for index in range(count)
    ]


def heroes(shop, count: int) -> list[dict]:
    outdoor, _ = shop["categories"]
    return [
        b.hero(
            f"Hero {index}",
            image=shop["picture"],
            banner=shop["banner"] if index % 2 == 0 else None,
            ctas=[
                b.link("Outdoor", category=outdoor),
                b.link("A tent", product=shop["products"][0]),
            ],
        )
        for index in range(count)
    ]


def every_block(shop, repeat: int) -> list[dict]:
    picture, banner = shop["picture"], shop["banner"]
    blocks = []
    for index in range(repeat):
        blocks += [
            *heroes(shop, 1),
            *product_sections(shop, 1),
            b.banner_group(b.tile(banner=banner), b.tile(image=picture, caption=f"Tile {index}")),
            b.html(f"<p>Campaign {index}</p>"),
            b.categories(*shop["categories"]),
            b.slider(b.slide(f"Slide {index}", image=picture, link="/x/"), b.slide(banner=banner)),
        ]
    return blocks


def render_home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


# Site, page, alias, view restrictions; every object the blocks choose, one query per kind
# for all block types (home.blocks.choosers.chosen_objects_loaded): banners, categories,
# products, and the pictures of all three kinds with their renditions (two); the product
# sections' ids (one UNION) and cards (products, gallery with images, renditions, card
# attributes).
HEROES_AND_SECTIONS = 14


@pytest.mark.parametrize(("sections", "products"), [(2, 4), (12, 30)])
def test_heroes_and_product_sections_run_a_fixed_number_of_queries(
    client, home_page, shop, django_assert_num_queries, sections, products
):
    data = shop(products)
    b.publish_body(home_page, heroes(data, sections // 2) + product_sections(data, sections // 2))

    client.get("/")  # warms the menu cache and creates the renditions
    with django_assert_num_queries(HEROES_AND_SECTIONS):
        html = render_home(client)

    assert html.count('<h2 class="hero__heading">') == sections // 2
    with django_assert_num_queries(KEPT):
        assert without_tokens(render_home(client)) == without_tokens(html)
    # Best sellers stay hidden without orders; every other section shows.
    shown = [SOURCES[index % len(SOURCES)] != "best_sellers" for index in range(sections // 2)]
    assert html.count('class="product-section') == sum(shown)


EVERY_BLOCK = 14  # the same: one query per kind, whatever the block types
# Once built for the catalog's generation (home.section_cache): site, page, alias, view
# restrictions; the chosen objects and the sections' cards are kept.
KEPT = 4


@pytest.mark.parametrize(("sections", "products"), [(6, 4), (12, 30)])
def test_a_page_with_every_block_runs_a_fixed_number_of_queries(
    client, home_page, shop, django_assert_num_queries, sections, products
):
    data = shop(products)
    b.publish_body(home_page, every_block(data, sections // 6))

    client.get("/")
    with django_assert_num_queries(EVERY_BLOCK):
        html = render_home(client)

    assert html.count('class="slider"') == sections // 6
    with django_assert_num_queries(KEPT):
        assert without_tokens(render_home(client)) == without_tokens(html)
    assert html.count('class="category-tile"') == 2 * sections // 6


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens (each render masks them anew)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_banner_unpublished_or_changed_leaves_the_next_render(client, home_page, shop):
    data = shop(2)
    b.publish_body(home_page, every_block(data, 1))
    banner = data["banner"]
    client.get("/")
    assert "Spring is here" in render_home(client)

    banner.heading = "Summer is here"
    banner.save_revision().publish()
    html = render_home(client)
    assert "Summer is here" in html and "Spring is here" not in html

    banner.unpublish()
    assert "Summer is here" not in render_home(client)
