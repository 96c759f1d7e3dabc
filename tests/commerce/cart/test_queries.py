"""The cart page and its review run a fixed number of queries, whatever the number of lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.cart.models import Cart
from commerce.cart.selectors import cart_is_current
from commerce.cart.services import sync_cart
from commerce.catalog.models import Product, ProductImage
from tests.fixtures.cart import CART_URL, client_cart, post_add, stocked_product
from tests.fixtures.orders import make_coupon

pytestmark = pytest.mark.django_db

# The session's own queries are left out (SQL only with the database session backend). The
# cart, its lines with their variants (and stock) and products (and category), their pictures
# with their images, their renditions; nothing is locked or written when nothing changed.
PAGE = 4
# Find the coupon, its categories.
COUPON = 2
# A logged-in shopper: the account.
ACCOUNT = 1


@pytest.fixture
def products(category, warehouse, image_factory):
    products = []
    for number in range(6):
        product = stocked_product(category, warehouse, name=f"Item {number}", stock=50)
        image = image_factory(f"Item {number}")
        ProductImage.objects.create(product=product, image=image, sort_order=0)
        products.append(product)
    for _ in range(10):  # catalog that takes no part
        stocked_product(category, warehouse)
    return products


def page_queries(client) -> int:
    client.get(CART_URL)  # renditions drawn, changes shown
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CART_URL)
    assert response.status_code == 200
    assert response.context["review"].changes == []
    return sum("django_session" not in query["sql"] for query in captured.captured_queries)


def test_the_cart_page_costs_the_same_with_one_and_six_lines(client, products):
    post_add(client, products[0], 1)
    one = page_queries(client)
    for product in products[1:]:
        post_add(client, product, 2)
    six = page_queries(client)

    assert one == six == PAGE == 4


def queries_with_coupon_for_one_and_six_lines(client, products) -> tuple[int, int]:
    """The cart page's queries with coupon SPRING applied, at one line and at six."""
    post_add(client, products[0], 1)
    client.post("/cart/coupon/", {"code": "SPRING"})
    one = page_queries(client)
    for product in products[1:]:
        post_add(client, product, 1)
    return one, page_queries(client)


def test_a_coupon_adds_a_fixed_count(client, products):
    make_coupon("SPRING", per_customer_limit=1)
    one, six = queries_with_coupon_for_one_and_six_lines(client, products)

    assert one == six == PAGE + COUPON == 6


def test_a_logged_in_shopper_costs_one_more(client, shopper, products):
    make_coupon("SPRING", per_customer_limit=1)  # and one for the shopper's uses
    client.force_login(shopper)
    one, six = queries_with_coupon_for_one_and_six_lines(client, products)

    assert one == six == PAGE + ACCOUNT + COUPON + 1 == 8


def test_a_visitor_without_a_cart_costs_nothing(client, products):
    assert page_queries(client) == 0
    assert Cart.objects.count() == 0


def test_changes_are_written_in_a_fixed_count(client, products):
    for product in products:
        post_add(client, product, 3)
    cart = client_cart(client)
    client.get(CART_URL)
    Product.objects.filter(pk__in=[p.pk for p in products[:3]]).update(price="11.00")
    for product in products[3:]:
        product.stock_records.update(quantity=0)

    with CaptureQueriesContext(connection) as captured:
        review = sync_cart(cart=cart)

    assert len(review.changes) == 6
    # Read without a lock: lines (with variants and products), pictures with their images,
    # renditions. Then, as there is something to fix: savepoint, lock, the same three reads
    # under the lock, delete 3 lines, update 3 lines, release.
    assert len(captured) == 3 + 8


def test_checking_that_the_cart_is_current_costs_a_fixed_count(client, products):
    post_add(client, products[0], 1)
    cart = client_cart(client)
    with CaptureQueriesContext(connection) as one:
        assert cart_is_current(cart)
    for product in products[1:]:
        post_add(client, product, 1)
    with CaptureQueriesContext(connection) as six:
        assert cart_is_current(cart)

    assert (len(one), len(six)) == (2, 2)  # the cart, its lines with variants and products
