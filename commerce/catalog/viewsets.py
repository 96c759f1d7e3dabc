"""Staff screens for the catalog, built on Wagtail's SnippetViewSet.

The catalog knows nothing of orders or lists: `commerce.backoffice` adds their columns to
the product screen and registers the menu groups.
"""

from django import forms
from django.db import transaction
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
)
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from commerce.catalog.admin_columns import NOWRAP, ThumbnailColumn
from commerce.catalog.admin_filters import ProductFilterSet
from commerce.catalog.admin_forms import ProductAdminForm, VariantsInlinePanel
from commerce.catalog.exceptions import VariantsNotGenerated
from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductVariant,
)
from commerce.catalog.models.products import ensure_default_variant
from commerce.catalog.purchase import variant_count_expression
from commerce.catalog.selectors import gallery_prefetch
from commerce.catalog.services import drop_default_variant, generate_variants
from commerce.stock.admin_forms import StockInlinePanel, stock_counts_from, variant_stock_counts
from commerce.stock.availability import sellable_quantity_expression
from commerce.stock.services import set_stock_counts

THUMBNAIL_RENDITION = "fill-48x48"


class StockCountsMixin:
    """After the product is saved, in the same transaction: its variants (saved at once, also
    with a draft: they are not part of revisions), the variants the staff asked to generate,
    then the stock rows, counted per variant."""

    def save_instance(self):
        self.stock_results = []
        with transaction.atomic():
            product = super().save_instance()
            self._save_variants(product)
            self._generate_variants(product)
            ensure_default_variant(product)
            self._count_product_stock(product)
        for form, result in self.stock_results:
            if result.conflict:
                messages.warning(
                    self.request,
                    f"Stock {form} changed while you edited "
                    f"(now {result.quantity}); your count was not applied.",
                )
        return product

    def _save_variants(self, product):
        formset = self.form.formsets.get("variants")
        if formset is None or not (formset.has_changed() or formset.deleted_forms):
            return
        formset.instance = product
        formset.save(commit=True)
        if not drop_default_variant(product=product):
            messages.warning(
                self.request,
                "The variant without options still holds stock: set it to 0 to remove it.",
            )
        for form in formset.forms:
            if form in formset.deleted_forms or form.instance.pk is None:
                continue
            counts = variant_stock_counts(
                form.cleaned_data.get("stock") or {},
                form.seen_stock(),
                is_new=not form.initial,
            )
            if counts:
                results = set_stock_counts(
                    product_id=product.pk, variant_id=form.instance.pk, counts=counts
                )
                names = {w.pk: w.name for w in form.fields["stock"].warehouses}
                self.stock_results += [
                    (f"of {form.instance.sku} in {names[r.warehouse_id]}", r) for r in results
                ]

    def _generate_variants(self, product):
        options = self.form.cleaned_data.get("generate_from")
        if options:
            try:
                created = generate_variants(product=product, options=list(options))
            except VariantsNotGenerated as error:
                messages.error(self.request, error.message)
                return
            messages.success(self.request, f"{len(created)} variants generated.")

    def _count_product_stock(self, product):
        """The product form's stock inline counts the stock of a product's only variant (its
        default variant); products with several variants count theirs per variant."""
        rows, removed = stock_counts_from(self.form.formsets["stock_records"])
        variants = list(ProductVariant.objects.filter(product=product).values_list("pk"))
        if len(variants) != 1:
            rows, removed = [], ()
        results = set_stock_counts(
            product_id=product.pk,
            variant_id=variants[0][0] if len(variants) == 1 else 0,
            counts=[count for _, count in rows],
            removed_warehouse_ids=removed,
        )
        for (form, _), result in zip(rows, results, strict=True):
            form.take_result(result)
            self.stock_results.append((f"in {form.cleaned_data['warehouse']}", result))


class ProductCreateView(StockCountsMixin, CreateView):
    pass


class ProductEditView(StockCountsMixin, EditView):
    pass


def publication(product: Product) -> str:
    """Wagtail's words for a snippet's state, from the row alone (its `status_string` asks
    the database for a schedule on every row)."""
    if not product.live:
        return "draft"
    return "live + draft" if product.has_unpublished_changes else "live"


def _is_live(product: Product) -> bool:
    return product.live


class ProductIndexView(IndexView):
    """The name links to the product's edit view. (Wagtail links the first column only when
    it is given by name, and this list starts with the picture.)"""

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name") if column.name == "name" else column
            for column in super().columns
        ]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    index_view_class = ProductIndexView
    list_display = [
        ThumbnailColumn("thumbnail", label="Image", rendition=THUMBNAIL_RENDITION),
        "name",
        Column("sku", label="SKU", sort_key="sku", classname=NOWRAP),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("price", label="Price", sort_key="price", classname=NOWRAP),
        Column("variant_count", label="Variants", sort_key="variant_count"),
        Column("sellable_stock", label="Sellable stock", sort_key="sellable_stock"),
        StatusTagColumn(
            "live", label="Live", accessor=publication, sort_key="live", primary=_is_live
        ),
    ]
    list_export = [
        "sku",
        "name",
        "slug",
        "status",
        "live",
        "price",
        "compare_at_price",
        "category",
        "variant_count",
        "sellable_stock",
        "updated_at",
    ]
    export_headings = {
        "sellable_stock": "Sellable stock",
        "sku": "SKU",
        "variant_count": "Variants",
    }
    export_filename = "products"
    filterset_class = ProductFilterSet
    search_fields = ["name", "sku", "slug"]
    search_backend_name = None
    ordering = ["name"]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("sku"), FieldPanel("status")]),
                    FieldPanel("category"),
                ],
                heading="Product",
            ),
            FieldRowPanel([FieldPanel("price"), FieldPanel("compare_at_price")], heading="Price"),
            FieldPanel("description"),
            InlinePanel("images", heading="Images", label="Image"),
            FieldPanel(
                "attribute_options",
                widget=forms.CheckboxSelectMultiple,
                heading="Attributes",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("variant_attributes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("generate_from"),
                ],
                heading="Sizes and colours",
            ),
            VariantsInlinePanel(
                heading="Variants",
                label="Variant",
                help_text=(
                    "What shoppers choose. A product without variant attributes has one variant "
                    "without options, carrying the product's SKU. Variants and their stock are "
                    "saved at once, also with a draft; a count is not applied when orders changed "
                    "that stock while you edited."
                ),
            ),
            StockInlinePanel(
                heading="Stock per warehouse",
                label="Stock",
                help_text=(
                    "For a product with one variant. Saved at once, also with a draft: stock is "
                    "not part of revisions. A count is not applied when orders changed that "
                    "warehouse's stock while you edited."
                ),
            ),
            PublishingPanel(),
        ],
        base_form_class=ProductAdminForm,
    )

    def get_queryset(self, request):
        return (
            self.model.objects.select_related("category")
            .prefetch_related(gallery_prefetch(THUMBNAIL_RENDITION))
            .annotate(
                sellable_stock=sellable_quantity_expression(),
                variant_count=variant_count_expression(),
            )
        )

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        # One query for the options and their definitions (AttributeOption.__str__).
        form_class.base_fields[
            "attribute_options"
        ].queryset = AttributeOption.objects.select_related("definition")
        return form_class


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", Column("path", sort_key="path"), "position", "is_active"]
    list_filter = ["is_active", "depth"]
    search_fields = ["name", "slug", "path"]
    search_backend_name = None
    ordering = ["path"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("position"), FieldPanel("is_active")]),
    ]


class AttributeDefinitionViewSet(SnippetViewSet):
    model = AttributeDefinition
    icon = "list-ul"
    menu_label = "Attributes"
    list_display = ["name", "slug", "is_filterable", "is_shown_on_cards", "position"]
    search_fields = ["name", "slug"]
    search_backend_name = None
