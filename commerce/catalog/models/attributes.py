from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
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


HEX_COLOUR = r"^#[0-9a-f]{6}$"


def swatch_fill(swatch_colour: str, slug: str) -> str:
    """The colour a swatch is filled with: the option's own, else a guess from its slug as a
    CSS colour name ("navy"; "sky-blue" as "skyblue")."""
    return swatch_colour or slug.replace("-", "")


class AttributeOption(Orderable):
    definition = ParentalKey(AttributeDefinition, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    swatch_colour = models.CharField(
        "swatch colour",
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits, e.g. #1f3a5f."
            )
        ],
        help_text="For colours: the swatch's fill as #rrggbb, e.g. #1f3a5f. Empty: guessed "
        "from the slug (a CSS colour name such as navy).",
    )

    panels = [FieldPanel("value"), FieldPanel("slug"), FieldPanel("swatch_colour")]

    class Meta(Orderable.Meta):
        ordering = ["definition__position", "definition__name", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "slug"], name="attribute_option_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(swatch_colour="") | Q(swatch_colour__regex=HEX_COLOUR),
                name="attribute_option_swatch_hex",
                violation_error_message="Enter a colour as # and six hex digits, e.g. #1f3a5f.",
            ),
        ]

    def __str__(self):
        return f"{self.definition.name}: {self.value}"

    @property
    def swatch(self) -> str:
        return swatch_fill(self.swatch_colour, self.slug)

    def clean(self):
        super().clean()
        self.swatch_colour = self.swatch_colour.strip().lower()

    def save(self, *args, **kwargs):
        self.swatch_colour = (self.swatch_colour or "").strip().lower()
        renamed = (
            self.pk
            and AttributeOption.objects.filter(pk=self.pk).exclude(value=self.value).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            refresh_search_vectors_later(option_id=self.pk)
            from commerce.catalog.models.variants import ProductVariant, refresh_options_labels

            refresh_options_labels(ProductVariant.objects.filter(options=self))
