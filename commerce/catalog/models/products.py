from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from commerce.catalog.models.money_fields import compare_at_price_field
from commerce.catalog.models.variants import DEFAULT_OPTION_KEY, ProductVariant
from commerce.catalog.search_index import refresh_search_vectors


class ProductStatus(models.TextChoices):
    """One meaning everywhere: listings, search, product page, cart and checkout."""

    ACTIVE = "active", "Active: listed and buyable"
    DISABLED = "disabled", "Disabled: listed, not buyable"
    HIDDEN = "hidden", "Hidden: not listed, page answers 404"


VISIBLE_STATUSES = [ProductStatus.ACTIVE, ProductStatus.DISABLED]
# The product half of `visible()`, as the condition of the partial indexes that listings read:
# the planner uses such an index only for a query whose WHERE implies exactly this.
LISTED = Q(live=True, status__in=VISIBLE_STATUSES)


class ProductQuerySet(models.QuerySet):
    def visible(self):
        """Published products a shopper may see (listed, searchable, page answers), in a
        category that is listed (it and its ancestors active)."""
        return self.filter(LISTED, category__is_listed=True)

    def buyable(self):
        return self.filter(live=True, status=ProductStatus.ACTIVE, category__is_listed=True)


class Product(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """A sellable item. The row always holds the published version; drafts and scheduled
    changes live in revisions until they are published."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    sku = models.CharField("SKU", max_length=64, unique=True)
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.PROTECT, related_name="products"
    )
    status = models.CharField(
        max_length=16, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )
    price = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    compare_at_price = compare_at_price_field(
        "The former price, shown struck through when higher than the price."
    )
    description = RichTextField(blank=True)
    attribute_options = ParentalManyToManyField(
        "catalog.AttributeOption", blank=True, related_name="products"
    )
    variant_attributes = ParentalManyToManyField(
        "catalog.AttributeDefinition",
        blank=True,
        related_name="variant_products",
        help_text="What shoppers choose (size, colour): each variant has one option of each.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProductQuerySet.as_manager()

    # Stock is operational data: it changes with every order, so it is saved at once and
    # never travels inside a revision (publishing an old draft must not restore old stock).
    # Variants carry the stock and are what orders and carts point at: saved at once too
    # (publishing an old draft must not delete a variant someone has in their cart).
    relations_outside_revisions = ("stock_records", "variants")
    searchable_fields = frozenset({"name", "sku", "description", "category", "attribute_options"})

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="product_price_not_negative",
                violation_error_message="The price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True)
                | Q(compare_at_price__gt=models.F("price")),
                name="product_compare_at_above_price",
                violation_error_message="The compare-at price must be higher than the price.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "live"], name="product_status_live"),
            models.Index(fields=["category", "status"], name="product_category_status"),
            models.Index(fields=["price"], name="product_price"),
            models.Index(fields=["-created_at"], name="product_newest"),
            GinIndex(fields=["search_vector"], name="product_search_vector"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="product_name_trigram"),
            # Storefront listings (docs/performance.md shows the plans). Partial on visible products
            # and covering, so counts, facets and the choice of a page's rows are index-only
            # scans that never read the wide product rows:
            # a category subtree (one range per category), newest first inside a category;
            models.Index(
                fields=["category", "-created_at", "-id"],
                include=["price"],
                condition=LISTED,
                name="product_listed_category",
            ),
            # the whole catalog newest first, read in order until a page is full;
            models.Index(
                fields=["-created_at", "-id"],
                include=["category", "price"],
                condition=LISTED,
                name="product_listed_newest",
            ),
            # search: an exact SKU (`sku__iexact`) as the third arm of the GIN BitmapOr.
            models.Index(Upper("sku"), name="product_sku_upper"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:product", kwargs={"slug": self.slug})

    @property
    def is_visible(self) -> bool:
        return self.live and self.status != ProductStatus.HIDDEN and self.category.is_listed

    @property
    def is_buyable(self) -> bool:
        return self.live and self.status == ProductStatus.ACTIVE and self.category.is_listed

    @property
    def is_on_sale(self) -> bool:
        return self.compare_at_price is not None and self.compare_at_price > self.price

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        ensure_default_variant(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & self.searchable_fields:
            # After super().save() has committed the cluster's attribute options.
            refresh_search_vectors(product_ids=[self.pk])

    def publish(self, revision, *args, **kwargs):
        """Every publish (the admin, publish_scheduled, the API, imports) goes through here;
        a revision scheduled with variant prices (commerce.catalog.prices) also sets them."""
        from commerce.catalog.prices import scheduled_variant_prices

        with scheduled_variant_prices(self, revision):
            return super().publish(revision, *args, **kwargs)

    def serializable_data(self):
        data = super().serializable_data()
        for relation in self.relations_outside_revisions:
            data.pop(relation, None)
        return data

    def get_preview_template(self, request, mode_name, **kwargs):
        return "catalog/product_detail.html"

    def get_preview_context(self, request, mode_name, **kwargs):
        from commerce.catalog.selectors import product_page_context

        return product_page_context(self, **super().get_preview_context(request, mode_name))


def ensure_default_variant(product: Product) -> None:
    """A product without variants gets its default variant; the default variant keeps the
    product's SKU. (Products with variants manage them: the admin, the importer.)"""
    if product.pk is None:
        return
    updated = ProductVariant.objects.filter(product=product, option_key=DEFAULT_OPTION_KEY).exclude(
        sku=product.sku
    )
    if updated.update(sku=product.sku):
        return
    if not ProductVariant.objects.filter(product=product).exists():
        ProductVariant.objects.create(product=product, sku=product.sku)


class ProductImage(Orderable):
    """One picture of a product's gallery; the first is the product's main image."""

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        max_length=250, blank=True, help_text="Describe the picture; the product name if empty."
    )

    def __str__(self):
        return f"{self.product.name} image {self.sort_order}"

    @property
    def alt(self) -> str:
        return self.alt_text or self.product.name
