"""What product sections show: only products a shopper may see, in each source's order."""

import pytest

from commerce.catalog.models import ProductStatus
from commerce.orders.services import cancel_order
from home.product_sections import SectionRequest, fetch_sections
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import submit


def names(cards) -> list[str]:
    return [card.product.name for card in cards]


@pytest.fixture
def catalog(db):
    outdoor = make_category("Outdoor")
    tents = make_category("Tents", parent=outdoor)
    hidden_category = make_category("Archive", is_active=False)
    products = {
        "boot": make_product(outdoor, name="Boot", price="90.00", compare_at_price="100.00"),
        "tent": make_product(tents, name="Tent", price="50.00", compare_at_price="100.00"),
        "stove": make_product(tents, name="Stove", price="30.00"),
        "old": make_product(hidden_category, name="Old tent", price="10.00"),
        "secret": make_product(outdoor, name="Secret", status=ProductStatus.HIDDEN),
        "draft": make_product(outdoor, name="Draft", live=False),
        "disabled": make_product(outdoor, name="Disabled", status=ProductStatus.DISABLED),
    }
    warehouse = make_warehouse()
    for product in products.values():
        set_stock(product, warehouse, 10)
    return {"outdoor": outdoor, "tents": tents, **products}


def test_newest_shows_visible_products_newest_first_up_to_the_limit(catalog):
    [cards] = fetch_sections([SectionRequest("newest", limit=3)])

    assert names(cards) == ["Disabled", "Stove", "Tent"]
    assert cards[0].availability.quantity == 10


def test_hand_picked_keeps_the_editors_order_and_drops_what_shoppers_cannot_see(catalog):
    picks = tuple(catalog[key].pk for key in ("stove", "secret", "old", "draft", "boot", "tent"))

    [cards, limited] = fetch_sections(
        [SectionRequest("products", limit=8, product_ids=picks),
         SectionRequest("products", limit=1, product_ids=picks)]
    )  # fmt: skip

    assert names(cards) == ["Stove", "Boot", "Tent"]
    assert names(limited) == ["Stove"]


def test_a_category_with_or_without_its_subcategories(catalog):
    with_children, alone, hidden = fetch_sections(
        [
            SectionRequest("category", limit=8, category=catalog["outdoor"]),
            SectionRequest(
                "category", limit=8, category=catalog["outdoor"], include_descendants=False
            ),
            SectionRequest("category", limit=8, category=catalog["old"].category),
        ]
    )

    assert names(with_children) == ["Disabled", "Stove", "Tent", "Boot"]
    assert names(alone) == ["Disabled", "Boot"]
    assert hidden == []


def test_on_sale_shows_reduced_products_biggest_discount_first(catalog):
    [cards] = fetch_sections([SectionRequest("on_sale", limit=8)])

    assert names(cards) == ["Tent", "Boot"]  # 50% off, then 10% off


@pytest.mark.django_db
def test_best_sellers_rank_by_units_sold_and_ignore_cancelled_orders(catalog, methods):
    stove, tent, boot = catalog["stove"], catalog["tent"], catalog["boot"]
    submit([(stove, 3), (tent, 1)], expected_total="140.00", **methods)
    submit([(tent, 1)], expected_total="54.90", **methods)
    cancelled = submit([(boot, 5)], expected_total="450.00", **methods)
    cancel_order(order=cancelled)

    [cards] = fetch_sections([SectionRequest("best_sellers", limit=8)])

    assert names(cards) == ["Stove", "Tent"]
