from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from commerce.catalog.search_index import refresh_search_vectors_later


class AttributeDefinition(ClusterableModel):
    """A kind of product property (colour, size, material) with its allowed options."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    is_filterable = models.BooleanField(
        "filterable", default=True, help_text="Offer its options as filters on listings."
    )
    is_shown_on_cards = models.BooleanField(
        "shown on product cards", default=False, help_text="Print the value on product cards."
    )
    position = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("is_filterable"),
        FieldPanel("is_shown_on_cards"),
        FieldPanel("position"),
        InlinePanel("options", heading="Options", label="Option"),
    ]

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renamed = (
            self.pk
            and AttributeDefinition.objects.filter(pk=self.pk).exclude(name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:  # "Size: M" on the variants follows the attribute's name
            from commerce.catalog.models.variants import ProductVariant, refresh_options_labels

            refresh_options_labels(ProductVariant.objects.filter(options__definition=self))

    def clean(self):
        super().clean()
        from commerce.catalog.listing_params import RESERVED

        if self.slug in RESERVED:
            raise ValidationError(
                {"slug": f"“{self.slug}” is used by listing pages; choose another slug."}
            )


class AttributeOption(Orderable):
    definition = ParentalKey(AttributeDefinition, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)

    panels = [FieldPanel("value"), FieldPanel("slug")]

    class Meta(Orderable.Meta):
        ordering = ["definition__position", "definition__name", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "slug"], name="attribute_option_unique_slug"
            )
        ]

    def __str__(self):
        return f"{self.definition.name}: {self.value}"

    def save(self, *args, **kwargs):
        renamed = (
            self.pk
            and AttributeOption.objects.filter(pk=self.pk).exclude(value=self.value).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            refresh_search_vectors_later(option_id=self.pk)
            from commerce.catalog.models.variants import ProductVariant, refresh_options_labels

            refresh_options_labels(ProductVariant.objects.filter(options=self))
