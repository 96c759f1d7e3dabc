"""Sharing a list by an unguessable link: read-only, no owner details, copied into the
viewer's lists, dead (404) once revoked or regenerated."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commerce.catalog.models import Product, ProductStatus
from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from tests.fixtures.cart import make_user, stocked_product
from tests.fixtures.lists import (
    client_owner,
    contents,
    detail_url,
    flashes,
    make_list,
    names,
    save,
    shared_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, db):
    grace = make_user("grace", email="grace.hopper@example.com")
    client.force_login(grace)
    return client


@pytest.fixture
def gifts(owner_client, boots, socks):
    grace = owner_client.session["_auth_user_id"]
    owner = Owner(user=ShoppingList._meta.get_field("user").related_model.objects.get(pk=grace))
    make_list(owner)
    gifts = make_list(owner, "Gifts")
    save(gifts, boots, seen="12.00", note="brown, size 44")
    save(gifts, socks)
    return gifts


def share(client, shopping_list, **data) -> str:
    client.post(reverse("lists:share", args=[shopping_list.pk]), data)
    shopping_list.refresh_from_db()
    return shopping_list.share_token


def test_a_share_link_has_256_random_bits_and_shows_the_list_read_only(owner_client, gifts):
    token = share(owner_client, gifts)
    assert len(token) == 43  # secrets.token_urlsafe(32)
    page = owner_client.get(detail_url(gifts))
    assert f"/lists/shared/{token}/" in page.context["share_url"]

    viewer = Client()
    response = viewer.get(shared_url(token))

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert "Gifts" in html and "Boots" in html and "brown, size 44" in html
    # Nothing names the owner or the list's own id (its private address, a form field).
    for detail in ("grace", "Grace", "hopper", detail_url(gifts), f'value="{gifts.pk}"'):
        assert detail not in html
    for action in ("/remove/", "/note/", "/rename/", "/delete/", "/move/", "/unshare/"):
        assert action not in html  # read-only: no form changes the list
    assert [entry.price_now for entry in response.context["list_page"].entries] == [
        Decimal("10.00"),
        Decimal("4.50"),
    ]


def test_sharing_again_keeps_the_link(owner_client, gifts):
    first = share(owner_client, gifts)

    assert share(owner_client, gifts) == first


def test_a_revoked_link_answers_404(owner_client, gifts):
    token = share(owner_client, gifts)
    owner_client.post(reverse("lists:unshare", args=[gifts.pk]))

    assert Client().get(shared_url(token)).status_code == 404
    assert Client().post(reverse("lists:copy_shared", args=[token])).status_code == 404


def test_a_regenerated_link_replaces_the_old_one(owner_client, gifts):
    old = share(owner_client, gifts)
    new = share(owner_client, gifts, regenerate="1")

    assert new != old
    assert Client().get(shared_url(old)).status_code == 404
    assert Client().get(shared_url(new)).status_code == 200


def test_an_unknown_token_answers_404(client):
    assert client.get(shared_url("x" * 43)).status_code == 404


def test_a_viewer_copies_the_list_at_todays_prices(owner_client, gifts, boots):
    token = share(owner_client, gifts)
    Product.objects.filter(pk=boots.pk).update(price=Decimal("9.00"))
    viewer = Client()

    response = viewer.post(reverse("lists:copy_shared", args=[token]), follow=True)

    owner = client_owner(viewer)
    assert names(owner) == ["Favourites", "Gifts"]
    copy = owner.lists().get(name="Gifts")
    assert copy.pk != gifts.pk and copy.share_token is None
    assert contents(copy) == {
        "Boots": (Decimal("9.00"), "brown, size 44"),
        "Socks": (Decimal("4.50"), ""),
    }
    assert flashes(response) == ["Copied to your lists as “Gifts”."]
    # The owner's list is untouched.
    assert contents(gifts)["Boots"] == (Decimal("12.00"), "brown, size 44")


def test_a_copy_gets_a_free_name_and_leaves_out_what_is_no_longer_sold(
    owner_client, gifts, socks, category, warehouse
):
    lamp = stocked_product(category, warehouse, name="Lamp")
    save(gifts, lamp)
    token = share(owner_client, gifts)
    Product.objects.filter(pk=lamp.pk).update(status=ProductStatus.HIDDEN)
    viewer = Client()
    viewer.force_login(make_user("tom"))
    viewer.post(reverse("lists:create"), {"name": "gifts"}, follow=True)

    response = viewer.post(reverse("lists:copy_shared", args=[token]), follow=True)

    tom = Owner(user=response.context["user"])
    assert names(tom) == ["Favourites", "gifts", "Gifts (2)"]
    assert set(contents(tom.lists().get(name="Gifts (2)"))) == {"Boots", "Socks"}
    assert flashes(response) == [
        "Copied to your lists as “Gifts (2)”.",
        "Left out, no longer available: Lamp.",
    ]


def test_the_owners_lists_keep_working_for_the_owner_after_sharing(owner_client, gifts):
    share(owner_client, gifts)

    assert owner_client.get(detail_url(gifts)).status_code == 200
