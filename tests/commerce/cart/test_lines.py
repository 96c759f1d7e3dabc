"""Adding, changing, removing and emptying, through the views a shopper uses."""

from decimal import Decimal

import pytest
from django.test import Client

from commerce.cart.models import Cart, CartLine
from commerce.catalog.models import ProductStatus
from tests.fixtures.cart import (
    CART_URL,
    add_url,
    client_cart,
    contents,
    flashes,
    post_add,
    remove_url,
    stocked_product,
    update_url,
)
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = pytest.mark.django_db

QUANTITY_ERROR = "Enter a whole number from 1 to 99."


def test_adding_creates_a_guest_cart_and_redirects_to_the_cart(client, boots):
    response = post_add(client, boots, 2)

    assert (response.status_code, response.url) == (302, CART_URL)
    cart = client_cart(client)
    assert contents(cart) == {"Boots": (2, Decimal("10.00"))}
    page = client.get(CART_URL)
    assert flashes(page) == ["Added 2 × Boots (€10.00 each) to your cart."]
    review = page.context["review"]
    assert (review.subtotal, review.discount, review.total, review.item_count) == (
        Decimal("20.00"),
        Decimal("0.00"),
        Decimal("20.00"),
        2,
    )
    assert page_has(page, "€20.00")


def page_has(response, text: str) -> bool:
    return text in response.content.decode()


def test_adding_again_adds_to_the_same_line(client, boots):
    post_add(client, boots, 2)
    post_add(client, boots, 1)

    assert contents(client_cart(client)) == {"Boots": (3, Decimal("10.00"))}
    assert CartLine.objects.count() == 1


def test_adding_goes_back_to_a_safe_next_only(client, boots):
    page = boots.get_absolute_url()

    assert post_add(client, boots, 1, next=page).url == page
    unsafe_targets = ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
    unsafe_targets.append("cart")  # a bare word, which redirect() would take for a view name
    for unsafe in unsafe_targets:
        assert post_add(client, boots, 1, next=unsafe).url == CART_URL
    assert contents(client_cart(client)) == {"Boots": (5, Decimal("10.00"))}


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", "100", ""])
def test_a_bad_quantity_is_refused_and_changes_nothing(client, boots, quantity):
    post_add(client, boots, 2)
    cart = client_cart(client)

    response = post_add(client, boots, quantity, next=boots.get_absolute_url())

    assert (response.status_code, response.url) == (302, boots.get_absolute_url())
    assert contents(cart) == {"Boots": (2, Decimal("10.00"))}
    assert flashes(client.get(CART_URL))[-1] == QUANTITY_ERROR

    response = client.post(update_url(boots), {"quantity": quantity})

    assert (response.status_code, response.url) == (302, CART_URL)
    assert contents(cart) == {"Boots": (2, Decimal("10.00"))}
    assert flashes(client.get(CART_URL)) == [QUANTITY_ERROR]


def test_a_refused_first_add_creates_no_cart(client, boots):
    post_add(client, boots, 0)
    post_add(client, boots, 6)

    assert Cart.objects.count() == 0
    assert "guest_token" not in client.session


def test_a_bad_product_field_is_a_400_and_changes_nothing(client, boots):
    post_add(client, boots, 1)

    for product in ["abc", "", "-3", "1.5", str(2**70)]:
        response = client.post(add_url(), {"product": product, "quantity": 1})
        assert response.status_code == 400

    assert contents(client_cart(client)) == {"Boots": (1, Decimal("10.00"))}


def test_more_than_the_stock_is_refused_with_what_is_available(client, boots):
    post_add(client, boots, 6)
    assert Cart.objects.count() == 0
    assert flashes(client.get(CART_URL)) == ["Only 5 of Boots available."]

    post_add(client, boots, 3)
    post_add(client, boots, 3)

    assert contents(client_cart(client)) == {"Boots": (3, Decimal("10.00"))}
    assert flashes(client.get(CART_URL)) == [
        "Added 3 × Boots (€10.00 each) to your cart.",
        "Only 5 of Boots available. You already have 3 in your cart.",
    ]


def test_more_than_the_maximum_per_line_is_refused(client, category, warehouse):
    plenty = stocked_product(category, warehouse, name="Pegs", stock=500)
    post_add(client, plenty, 99)

    post_add(client, plenty, 1)

    assert contents(client_cart(client)) == {"Pegs": (99, Decimal("10.00"))}
    assert flashes(client.get(CART_URL))[-1] == (
        "At most 99 of Pegs per order. You already have 99 in your cart."
    )


def test_only_buyable_products_in_stock_can_be_added(client, category, warehouse):
    off = make_category("Archive", is_active=False)
    closed = make_warehouse("closed", is_active=False)
    not_buyable = [
        stocked_product(category, warehouse, status=ProductStatus.DISABLED),
        stocked_product(category, warehouse, status=ProductStatus.HIDDEN),
        stocked_product(category, warehouse, live=False),
        stocked_product(off, warehouse),
    ]
    sold_out = stocked_product(category, warehouse, name="Sold Out", stock=0)
    no_stock_row = make_product(category, name="Never Stocked")
    elsewhere = make_product(category, name="Closed Warehouse")
    set_stock(elsewhere, closed, 50)

    for product in [*not_buyable, sold_out, no_stock_row, elsewhere]:
        post_add(client, product, 1)

    assert Cart.objects.count() == 0
    assert flashes(client.get(CART_URL)) == [
        *["This product cannot be bought at the moment."] * 4,
        "Sold Out is out of stock.",
        "Never Stocked is out of stock.",
        "Closed Warehouse is out of stock.",
    ]


def test_setting_a_quantity(client, boots, socks):
    post_add(client, boots, 1)
    post_add(client, socks, 1)

    response = client.post(update_url(boots), {"quantity": "4"})

    assert (response.status_code, response.url) == (302, CART_URL)
    assert contents(client_cart(client)) == {
        "Boots": (4, Decimal("10.00")),
        "Socks": (1, Decimal("4.50")),
    }
    assert flashes(client.get(CART_URL))[-1] == "Boots: quantity set to 4."


def test_setting_more_than_the_stock_is_refused(client, boots):
    post_add(client, boots, 2)

    client.post(update_url(boots), {"quantity": "6"})

    assert contents(client_cart(client)) == {"Boots": (2, Decimal("10.00"))}
    assert flashes(client.get(CART_URL))[-1] == "Only 5 of Boots available."


def test_setting_a_line_not_in_the_cart_is_a_404(client, boots, socks):
    assert client.post(update_url(boots), {"quantity": "1"}).status_code == 404  # no cart
    post_add(client, socks, 1)

    assert client.post(update_url(boots), {"quantity": "1"}).status_code == 404
    assert contents(client_cart(client)) == {"Socks": (1, Decimal("4.50"))}


def test_removing_a_line_and_a_second_click(client, boots, socks):
    post_add(client, boots, 1)
    post_add(client, socks, 2)

    first = client.post(remove_url(boots))
    second = client.post(remove_url(boots))

    assert (first.url, second.url) == (CART_URL, CART_URL)
    assert contents(client_cart(client)) == {"Socks": (2, Decimal("4.50"))}
    assert flashes(client.get(CART_URL))[-2:] == [
        "Removed Boots from your cart.",
        "That item is not in your cart.",
    ]


def test_emptying(client, boots, socks):
    post_add(client, boots, 1)
    post_add(client, socks, 2)

    response = client.post("/cart/empty/")

    assert response.url == CART_URL
    assert contents(client_cart(client)) == {}
    page = client.get(CART_URL)
    assert flashes(page)[-1] == "Your cart is now empty."
    assert page.context["review"].is_empty
    assert page_has(page, "Your cart is empty.")


def test_actions_are_post_only(client, boots):
    post_add(client, boots, 1)

    for url in [add_url(), update_url(boots), remove_url(boots), "/cart/empty/", "/cart/coupon/"]:
        assert client.get(url).status_code == 405
    assert client.post(CART_URL).status_code == 405
    assert contents(client_cart(client)) == {"Boots": (1, Decimal("10.00"))}


def test_posted_prices_and_totals_are_ignored(client, boots):
    tampered = {"price": "0.01", "unit_price": "0.01", "total": "0.01", "discount": "99"}

    post_add(client, boots, 2, **tampered)
    client.post(update_url(boots), {"quantity": "3", **tampered})
    page = client.get(CART_URL, tampered)

    assert contents(client_cart(client)) == {"Boots": (3, Decimal("10.00"))}
    review = page.context["review"]
    assert [(line.unit_price, line.line_total) for line in review.lines] == [
        (Decimal("10.00"), Decimal("30.00"))
    ]
    assert (review.subtotal, review.discount, review.total) == (
        Decimal("30.00"),
        Decimal("0.00"),
        Decimal("30.00"),
    )


def test_csrf_is_enforced_on_every_action(boots):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(boots.get_absolute_url())
    assert page.status_code == 200

    for url, data in [
        (add_url(), {"product": boots.pk, "quantity": 1}),
        (update_url(boots), {"quantity": 2}),
        (remove_url(boots), {}),
        ("/cart/empty/", {}),
        ("/cart/coupon/", {"code": "SAVE"}),
        ("/cart/coupon/remove/", {}),
    ]:
        assert browser.post(url, data).status_code == 403
    assert Cart.objects.count() == 0


def test_with_a_csrf_token_the_add_form_works(boots):
    browser = Client(enforce_csrf_checks=True)
    token = "a" * 32  # a CSRF secret, as the cookie holds it; the form may send it as is
    browser.cookies["csrftoken"] = token

    response = browser.post(
        add_url(), {"product": boots.pk, "quantity": 1, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert contents(client_cart(browser)) == {"Boots": (1, Decimal("10.00"))}
