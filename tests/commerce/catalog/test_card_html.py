"""Product cards are rendered once and reused (commerce.catalog.card_html): each visitor still
gets their own working CSRF token and way back, and a change to anything a card shows is on
the next page at once."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.test.signals import template_rendered

from commerce.catalog import card_html
from tests.fixtures.catalog import make_product, set_stock

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CARD_TEMPLATE = "includes/product_card.html"


@pytest.fixture
def card_renders():
    """How many times the card template is rendered."""
    names = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield lambda: names.count(CARD_TEMPLATE)
    template_rendered.disconnect(record)


@pytest.fixture
def shelf(category, warehouse):
    products = [make_product(category, name=f"Boot {n}", price="40.00") for n in range(3)]
    for product in products:
        set_stock(product, warehouse, 10)
    return products


def test_a_card_is_rendered_once_for_every_visitor(shelf, card_renders):
    url = shelf[0].category.get_absolute_url()
    first = Client().get(url).content.decode()
    assert card_renders() == 3

    second = Client().get(url + "?sort=newest").content.decode()

    assert card_renders() == 3  # the three cards came from the store
    assert second.count('class="product-card"') == 3
    # Each card's forms send the shopper back to the page they are on.
    assert first.count('name="next" value="/categories/shoes/"') == 3 * 3
    assert second.count('name="next" value="/categories/shoes/?sort=newest"') == 3 * 3


def test_the_stored_card_carries_the_visitors_own_working_token(shelf):
    url = shelf[0].category.get_absolute_url()
    Client().get(url)  # stores the cards
    visitor = Client(enforce_csrf_checks=True)

    tokens = set(TOKEN.findall(visitor.get(url).content.decode()))
    response = visitor.post(
        "/cart/add/", {"product": shelf[0].pk, "quantity": 1, "csrfmiddlewaretoken": tokens.pop()}
    )

    assert response.status_code == 302  # added, not refused by the CSRF check
    assert visitor.get("/cart/").content.decode().count("Boot 0") >= 1


def test_a_stored_card_is_the_card_as_rendered_directly(shelf, rf):
    product = shelf[0]
    from commerce.catalog.selectors import as_cards, product_cards

    card = as_cards(product_cards().filter(pk=product.pk))[0]
    request = rf.get("/search/?q=boot&page=1")
    context = {"request": request, "csrf_token": "token-of-this-visitor"}
    direct = render_to_string(
        CARD_TEMPLATE,
        {"product": card.product, "availability": card.availability, "first_on_page": True},
        request=request,
    )

    card_html.render_card(context, card.product, card.availability, first_on_page=True)
    stored = card_html.render_card(context, card.product, card.availability, first_on_page=True)

    normalise = lambda html: TOKEN.sub("token", html)  # noqa: E731
    assert normalise(stored) == normalise(direct)
    assert 'value="token-of-this-visitor"' in stored
    assert 'name="next" value="/search/?q=boot&amp;page=1"' in stored


def test_a_new_price_or_stock_shows_on_the_next_page(shelf, warehouse):
    url = shelf[0].category.get_absolute_url()
    assert "€40.00" in Client().get(url).content.decode()

    shelf[1].price = "35.50"
    shelf[1].save()
    set_stock(shelf[2], warehouse, 0)
    html = Client().get(url).content.decode()

    assert "€35.50" in html
    assert html.count("€40.00") == 2  # the other two
    assert "Out of stock" in html


def test_a_search_rank_does_not_make_another_card(shelf, card_renders):
    Client().get("/search/?q=boot")
    renders = card_renders()
    Client().get("/search/?q=boot+0")
    Client().get("/search/?q=boots")

    assert card_renders() == renders  # the same cards, whatever the query ranked them
