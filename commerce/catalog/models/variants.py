"""What a shopper actually buys: one variant of a product (a size, a colour, or both).

Every product has at least one variant. A product without variant attributes has exactly
one, its default variant: no options, the product's own SKU, no price of its own; shoppers
never see it as a choice. Stock rows, cart lines, list items (once a choice is made) and order
lines point at variants.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from commerce.catalog.models.money_fields import compare_at_price_field

DEFAULT_OPTION_KEY = ""  # the default variant's: no options


def option_key(option_ids) -> str:
    """A variant's options as one comparable value ("12.40", sorted ids): a product's variants
    have different keys (a database constraint), and a shopper's choice finds its variant."""
    return ".".join(str(pk) for pk in sorted(set(option_ids)))


def options_label(options) -> str:
    """ "Size: M, Colour: Navy": the options (with their definitions loaded) in attribute
    order. Shown to shoppers and copied onto order lines."""
    ordered = sorted(
        options,
        key=lambda o: (o.definition.position, o.definition.name, o.sort_order or 0, o.pk),
    )
    return ", ".join(f"{option.definition.name}: {option.value}" for option in ordered)


class ProductVariant(ClusterableModel):
    product = ParentalKey("catalog.Product", on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField("SKU", max_length=64, unique=True)
    options = ParentalManyToManyField(
        "catalog.AttributeOption",
        blank=True,
        related_name="variants",
        help_text="One option of each of the product's variant attributes.",
    )
    option_key = models.CharField(
        max_length=200,
        blank=True,
        default=DEFAULT_OPTION_KEY,
        editable=False,
        help_text="The options' ids, sorted: kept by save().",
    )
    options_label = models.CharField(
        max_length=250,
        blank=True,
        editable=False,
        help_text='"Size: M, Colour: Navy": kept by save() and when an option is renamed.',
    )
    price = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Empty: the product's price.",
    )
    compare_at_price = compare_at_price_field(
        "Empty: the product's compare-at price (when the variant has no own price)."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when this variant is chosen (a colour's picture).",
    )
    position = models.PositiveIntegerField(default=0)

    sort_order_field = "position"

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "option_key"], name="variant_options_unique_per_product"
            ),
            # The target of the stock rows' (variant, product) foreign key: a stock row's
            # product is always its variant's product.
            models.UniqueConstraint(fields=["id", "product"], name="variant_id_product"),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="variant_price_not_negative",
                violation_error_message="The price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True)
                | Q(price__isnull=True)
                | Q(compare_at_price__gt=models.F("price")),
                name="variant_compare_at_above_price",
                violation_error_message="The compare-at price must be higher than the price.",
            ),
        ]

    def __str__(self):
        return f"{self.product} ({self.options_label})" if self.options_label else str(self.product)

    @property
    def is_default(self) -> bool:
        return self.option_key == DEFAULT_OPTION_KEY

    def save(self, *args, **kwargs):
        # The options assigned in memory (admin inline, services) or stored: key and label
        # follow them, so the uniqueness of combinations holds however a variant is saved.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "options" in update_fields:
            options = list(self.options.select_related("definition"))
            self.option_key = option_key(option.pk for option in options)
            self.options_label = options_label(options)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "option_key", "options_label"}
        super().save(*args, **kwargs)


def refresh_options_labels(variants) -> int:
    """Write `options_label` again for these variants (a queryset), after an option or an
    attribute was renamed; returns how many changed. Order lines keep their own copy."""
    changed = []
    for variant in variants.prefetch_related("options__definition"):
        label = options_label(variant.options.all())
        if label != variant.options_label:
            variant.options_label = label
            changed.append(variant)
    ProductVariant.objects.bulk_update(changed, ["options_label"], batch_size=1000)
    return len(changed)
