"""The shop's admin menu: the groups backoffice builds from the apps' screens."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from commerce.catalog.models import AttributeDefinition, Category, Product
from commerce.checkout.models import DeliveryMethod, PaymentMethod
from commerce.coupons.models import Coupon
from commerce.orders.models import Order
from commerce.stock.models import Warehouse

pytestmark = pytest.mark.django_db


def menu_for(user) -> dict[str, list[tuple[str, str]]]:
    """Each top-level group's label -> its items as (label, URL)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return {
        item.label: [(child.label, child.url) for child in in_menu_order(item.menu, request)]
        for item in in_menu_order(admin_menu, request)
        if hasattr(item, "menu")
    }


def in_menu_order(menu, request) -> list:
    """The items as the admin shows them (it sorts them by their order)."""
    return sorted(menu.menu_items_for_request(request), key=lambda item: item.order)


def list_url(model) -> str:
    return reverse(model.snippet_viewset.get_url_name("list"))


def test_catalog_and_orders_groups_gather_the_screens_of_their_apps(admin_user):
    menu = menu_for(admin_user)

    assert menu["Catalog"] == [
        ("Products", list_url(Product)),
        ("Categories", list_url(Category)),
        ("Attributes", list_url(AttributeDefinition)),
        ("Warehouses", list_url(Warehouse)),
    ]
    assert menu["Orders"] == [
        ("Orders", list_url(Order)),
        ("Coupons", list_url(Coupon)),
        ("Delivery methods", list_url(DeliveryMethod)),
        ("Payment methods", list_url(PaymentMethod)),
    ]


def test_the_groups_keep_their_place_in_the_menu(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    labels = [item.label for item in in_menu_order(admin_menu, request)]

    assert labels.index("Catalog") < labels.index("Orders") < labels.index("Shopping lists")
    assert [list_url(Product), list_url(Order)] == [
        "/admin/snippets/catalog/product/",
        "/admin/snippets/orders/order/",
    ]
