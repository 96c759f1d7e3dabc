"""The staff product screens: form with images, attributes and stock; drafts and scheduling."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from commerce.catalog.models import AttributeDefinition, AttributeOption, Product
from commerce.stock.models import StockRecord
from tests.fixtures.admin import product_admin_url
from tests.fixtures.catalog import make_warehouse, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def colour_red(db):
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    return AttributeOption.objects.create(definition=colour, value="Red", slug="red")


def product_form(
    category, *, images=(), options=(), stock=(), variants=(), action="action-publish", **fields
):
    data = {
        "name": "Linen shirt",
        "slug": "linen-shirt",
        "sku": "LS-001",
        "status": "active",
        "category": category.pk,
        "price": "49.90",
        "compare_at_price": "",
        "description": rich_text("<p>Breathable linen.</p>"),
        "images": inline_formset(
            [
                {"image": image.pk, "alt_text": alt, "ORDER": str(index)}
                for index, (image, alt) in enumerate(images)
            ]
        ),
        "stock_records": inline_formset(
            [
                {"warehouse": warehouse.pk, "quantity": str(quantity)}
                for warehouse, quantity in stock
            ]
        ),
        "variants": inline_formset(
            [{k: v for k, v in row.items() if k != "options"} for row in variants]
        ),
        **fields,
    }
    form = nested_form_data(data)
    form["attribute_options"] = [str(option.pk) for option in options]
    for index, row in enumerate(variants):  # a list value: one form key, several values
        form[f"variants-{index}-options"] = [str(pk) for pk in row.get("options", ())]
    if action:
        form[action] = action
    return form


def stock_formset_for(product, changes: dict):
    """The stock inline as the edit form posts it: the quantities shown when the form was
    opened (hidden `seen_quantity`) and the ones typed, by warehouse id."""
    records = list(product.stock_records.order_by("pk"))
    return inline_formset(
        [
            {
                "id": record.pk,
                "warehouse": record.warehouse_id,
                "quantity": str(changes.get(record.warehouse_id, record.quantity)),
                "seen_quantity": str(record.quantity),
            }
            for record in records
        ],
        initial=len(records),
    )


def edit_form(product, *, stock_changes=None, **fields):
    form = product_form(
        product.category,
        sku=product.sku,
        slug=product.slug,
        name=product.name,
        **{"action": None, **fields},
    )
    form.update(
        nested_form_data({"stock_records": stock_formset_for(product, stock_changes or {})})
    )
    return form


def stock_of(product, warehouse) -> int:
    return StockRecord.objects.get(product=product, warehouse=warehouse).quantity


def test_creating_a_product_saves_images_attributes_and_stock(
    admin_client, category, warehouse, image_factory, colour_red
):
    front, back = image_factory("Front"), image_factory("Back", colour="#aa3333")
    north = make_warehouse("north", priority=1)

    response = admin_client.post(
        product_admin_url("add"),
        product_form(
            category,
            images=[(front, "Shirt, front"), (back, "Shirt, back")],
            options=[colour_red],
            stock=[(warehouse, 4), (north, 3)],
        ),
    )

    assert response.status_code == 302
    product = Product.objects.get(sku="LS-001")
    assert product.live is True
    assert product.price == Decimal("49.90")
    assert [(p.image.title, p.alt_text) for p in product.images.order_by("sort_order")] == [
        ("Front", "Shirt, front"),
        ("Back", "Shirt, back"),
    ]
    assert list(product.attribute_options.all()) == [colour_red]
    assert dict(product.stock_records.values_list("warehouse__code", "quantity")) == {
        "main": 4,
        "north": 3,
    }


def test_negative_stock_in_the_form_is_a_form_error_and_saves_nothing(
    admin_client, category, warehouse
):
    response = admin_client.post(
        product_admin_url("add"), product_form(category, stock=[(warehouse, -1)])
    )

    assert response.status_code == 200
    assert (
        "Ensure this value is greater than or equal to 0." in response.text
        or "Stock cannot be negative." in response.text
    )
    assert not Product.objects.filter(sku="LS-001").exists()


def test_duplicate_sku_is_a_form_error(admin_client, category, product):
    response = admin_client.post(product_admin_url("add"), product_form(category, sku=product.sku))

    assert response.status_code == 200
    assert "Product with this SKU already exists." in response.text
    assert Product.objects.filter(sku=product.sku).count() == 1


def test_saving_a_draft_keeps_the_live_price_but_saves_stock_at_once(
    admin_client, product, warehouse
):
    form = edit_form(product, price="59.90", stock_changes={warehouse.pk: 3})

    response = admin_client.post(product_admin_url("edit", product.pk), form)

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == Decimal("89.90")  # the storefront still sells at the published price
    assert product.has_unpublished_changes is True
    assert product.latest_revision.as_object().price == Decimal("59.90")
    assert stock_of(product, warehouse) == 3


def test_scheduled_price_change_goes_live_with_publish_scheduled(
    admin_client, product, warehouse, monkeypatch
):
    go_live_at = timezone.now() + timedelta(hours=2)
    form = edit_form(
        product,
        price="69.90",
        go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
        action="action-publish",
    )

    response = admin_client.post(product_admin_url("edit", product.pk), form)

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == Decimal("89.90")
    assert (
        Revision.objects.for_instance(product).filter(approved_go_live_at__isnull=False).count()
        == 1
    )

    call_command("publish_scheduled")
    product.refresh_from_db()
    assert product.price == Decimal("89.90"), "nothing is published before its time"

    set_stock(product, warehouse, 5)  # an order took stock meanwhile
    later = go_live_at + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")

    product.refresh_from_db()
    assert product.price == Decimal("69.90")
    assert product.live is True
    assert stock_of(product, warehouse) == 5


def test_product_list_shows_stock_and_filters_by_stock_state(admin_client, category, warehouse):
    from tests.fixtures.catalog import make_product

    plenty = make_product(category, name="Plenty")
    set_stock(plenty, warehouse, 50)
    low = make_product(category, name="Low")
    set_stock(low, warehouse, 2)
    make_product(category, name="None left")

    response = admin_client.get(product_admin_url("list"), {"stock": "low"})

    assert response.status_code == 200
    names = [product.name for product in response.context["object_list"]]
    assert names == ["Low"]
    assert response.context["object_list"][0].sellable_stock == 2


def test_product_list_export_as_csv(admin_client, category, warehouse):
    from tests.fixtures.catalog import make_product

    product = make_product(category, name="Canvas bag", sku="BAG-1", price="25.00")
    set_stock(product, warehouse, 7)

    response = admin_client.get(product_admin_url("list"), {"export": "csv"})

    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("SKU,Name,Slug,Status,Live,Price")
    assert "BAG-1,Canvas bag" in lines[1]
    assert lines[1].split(",")[-2] == "7"


def test_product_list_export_as_xlsx(admin_client, product):
    response = admin_client.get(product_admin_url("list"), {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def _list_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(product_admin_url("list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(product_admin_url("list")).status_code == 200
    return len(queries)


def test_product_list_queries_do_not_grow_with_the_catalog(
    admin_client, category, warehouse, image_factory
):
    from commerce.catalog.models import ProductImage
    from tests.fixtures.catalog import make_product

    picture = image_factory("Thumb")

    def add(count):
        for _ in range(count):
            product = make_product(category)
            set_stock(product, warehouse, 4)
            ProductImage.objects.create(product=product, image=picture)

    add(3)
    small = _list_queries(admin_client)
    add(25)
    large = _list_queries(admin_client)

    assert (
        small == large <= 12
    )  # at most: one session/auth query can be served from state an earlier test left


def test_preview_shows_the_draft_price_while_the_shop_keeps_the_live_one(
    admin_client, client, product
):
    preview_url = product_admin_url("preview_on_edit", product.pk)
    form = edit_form(product, price="59.90")

    assert admin_client.post(preview_url, form).json()["is_valid"] is True
    preview = admin_client.get(preview_url)

    assert preview.status_code == 200
    assert "€59.90" in preview.text
    assert "€89.90" in client.get(product.get_absolute_url()).text


def test_saving_the_form_never_undoes_stock_that_orders_took_meanwhile(
    admin_client, product, warehouse
):
    form = edit_form(product, description=rich_text("<p>Now waterproof.</p>"))  # opened at 12
    StockRecord.objects.filter(product=product, warehouse=warehouse).update(quantity=10)  # an order

    response = admin_client.post(product_admin_url("edit", product.pk), form)

    assert response.status_code == 302
    assert stock_of(product, warehouse) == 10


def test_a_count_typed_over_changed_stock_is_not_applied_and_staff_are_told(
    admin_client, product, warehouse
):
    form = edit_form(product, stock_changes={warehouse.pk: 15})  # opened at 12
    StockRecord.objects.filter(product=product, warehouse=warehouse).update(quantity=10)

    response = admin_client.post(product_admin_url("edit", product.pk), form, follow=True)

    assert stock_of(product, warehouse) == 10
    assert "changed while you edited (now 10); your count was not applied." in response.text


def test_submitting_the_same_count_twice_applies_it_once(admin_client, product, warehouse):
    form = edit_form(product, stock_changes={warehouse.pk: 15})
    url = product_admin_url("edit", product.pk)

    admin_client.post(url, form)
    response = admin_client.post(url, form, follow=True)  # double click or autosave

    assert stock_of(product, warehouse) == 15
    assert "your count was not applied" not in response.text


def test_adding_and_removing_stock_rows(admin_client, product, warehouse):
    north = make_warehouse("north", priority=1)
    form = edit_form(product)
    form.update(
        {
            "stock_records-TOTAL_FORMS": "2",
            "stock_records-0-DELETE": "1",
            "stock_records-1-warehouse": str(north.pk),
            "stock_records-1-quantity": "6",
            "stock_records-1-seen_quantity": "",
            "stock_records-1-id": "",
            "stock_records-1-ORDER": "1",
        }
    )

    response = admin_client.post(product_admin_url("edit", product.pk), form)

    assert response.status_code == 302
    assert dict(product.stock_records.values_list("warehouse__code", "quantity")) == {"north": 6}


def test_edit_form_carries_the_shown_quantity_hidden(admin_client, product, warehouse):
    response = admin_client.get(product_admin_url("edit", product.pk))

    assert response.status_code == 200
    assert '<input type="hidden" name="stock_records-0-seen_quantity" value="12"' in response.text


def test_product_list_links_names_and_writes_money_status_and_skus_readably(admin_client, category):
    from tests.fixtures.catalog import make_product

    product = make_product(category, name="Linen shirt", sku="LS-LONG-SKU-001", price="1234.50")

    html = admin_client.get(product_admin_url("list")).text
    [row] = re.findall(r"<tr[^>]*>.*?</tr>", html.split("<tbody>", 1)[1], re.DOTALL)
    cells = [" ".join(strip_tags(cell).split()) for cell in re.findall(r"<td.*?</td>", row, re.S)]

    assert f'href="{product_admin_url("edit", product.pk)}"' in row
    assert '<td class="w-whitespace-nowrap">\n    LS-LONG-SKU-001' in row
    assert "€1,234.50" in cells  # price
    assert "€0.00" in cells  # revenue, nothing sold yet
    assert cells[-1] == "live"  # Wagtail's status tag, not a raw True
    assert "True" not in cells
