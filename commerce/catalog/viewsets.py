"""Staff screens for the catalog, built on Wagtail's SnippetViewSet."""

from django import forms
from django.db.models import Prefetch
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.admin.ui.tables import Column
from wagtail.images import get_image_model
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from commerce.catalog.admin_columns import ThumbnailColumn
from commerce.catalog.admin_filters import ProductFilterSet
from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductImage,
)
from commerce.stock.availability import sellable_quantity_expression

THUMBNAIL_RENDITION = "fill-48x48"


class ProductEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        # Stock stays out of revisions (see Product.relations_outside_revisions), so it is
        # written now even when only a draft was saved or a live object was edited.
        self.form.instance.stock_records.commit()
        return instance


class AttributeOptionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, option):
        return f"{option.definition.name}: {option.value}"


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    edit_view_class = ProductEditView
    list_display = [
        ThumbnailColumn("thumbnail", label="Image", rendition=THUMBNAIL_RENDITION),
        "name",
        Column("sku", label="SKU", sort_key="sku"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("price", label="Price", sort_key="price"),
        Column("total_stock", label="Stock", sort_key="total_stock"),
        "live",
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
        "total_stock",
        "updated_at",
    ]
    export_headings = {"total_stock": "Stock", "sku": "SKU"}
    export_filename = "products"
    filterset_class = ProductFilterSet
    search_fields = ["name", "sku", "slug"]
    search_backend_name = None
    ordering = ["name"]

    panels = [
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
        InlinePanel(
            "stock_records",
            heading="Stock per warehouse",
            label="Stock",
            help_text="Saved at once, also with a draft: stock is not part of revisions.",
        ),
        PublishingPanel(),
    ]

    def get_queryset(self, request):
        images = get_image_model().objects.prefetch_renditions(THUMBNAIL_RENDITION)
        gallery = ProductImage.objects.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=images)
        )
        products = self.model.objects.select_related("category").prefetch_related(
            Prefetch("images", queryset=gallery)
        )
        return products.annotate(total_stock=sellable_quantity_expression())

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        options = AttributeOption.objects.select_related("definition").order_by(
            "definition__position", "definition__name", "sort_order"
        )
        form_class.base_fields["attribute_options"] = AttributeOptionsField(
            queryset=options, required=False, widget=forms.CheckboxSelectMultiple
        )
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
