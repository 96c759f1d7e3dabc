"""The product page's variant picker: one group of choices per variant attribute, built from
the product's variants in two queries (the variants with their stock, their options).

An option is offered only when some variant has it; with a variant chosen, an option that
does not combine with the chosen options of the other attributes is marked absent, and one
whose every matching variant has no stock is sold out (shown crossed out, not addable). The
same data goes to the page's script as JSON so the choice can change without a reload.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from commerce.catalog.models import AttributeOption, Product, ProductVariant
from commerce.catalog.product_reads import load_variant_options
from commerce.catalog.purchase import PurchaseOption, purchase_option
from commerce.catalog.variants import variants_with_stock


@dataclass
class PickerOption:
    pk: int
    value: str
    slug: str
    swatch: str  # the fill of a colour's swatch (AttributeOption.swatch)
    is_selected: bool = False
    is_sold_out: bool = False
    is_absent: bool = False  # no variant with this option and the other chosen options


@dataclass
class PickerAttribute:
    name: str
    slug: str
    is_colour: bool  # shown as swatches rather than chips
    options: list[PickerOption] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return f"option-{self.slug}"

    @property
    def selected(self) -> PickerOption | None:
        return next((option for option in self.options if option.is_selected), None)


@dataclass
class Picker:
    attributes: list[PickerAttribute]
    variants: list[ProductVariant]
    options: dict[int, PurchaseOption]  # by variant id
    selected: ProductVariant | None
    gallery_image_ids: list[int]

    @property
    def selected_option(self) -> PurchaseOption | None:
        return self.options[self.selected.pk] if self.selected is not None else None

    @property
    def rows(self) -> list[tuple[ProductVariant, PurchaseOption]]:
        return [(variant, self.options[variant.pk]) for variant in self.variants]

    @property
    def lowest_price(self) -> Decimal:
        return min(option.unit_price for option in self.options.values())

    @property
    def prices_differ(self) -> bool:
        return len({option.unit_price for option in self.options.values()}) > 1

    def script_data(self) -> dict:
        """What the page's script needs to follow a choice: per variant its options, SKU,
        price, availability and gallery slide (1-based, or None)."""
        slides = {image_id: index for index, image_id in enumerate(self.gallery_image_ids, 1)}
        return {
            "variants": [
                {
                    "id": variant.pk,
                    "sku": variant.sku,
                    "options": sorted(option.pk for option in variant.options.all()),
                    "price": str(self.options[variant.pk].unit_price),
                    "compareAt": _text(self.options[variant.pk].compare_at_price),
                    "state": self.options[variant.pk].state,
                    "label": self.options[variant.pk].label,
                    "canBuy": self.options[variant.pk].can_buy,
                    "max": self.options[variant.pk].max_quantity,
                    "slide": slides.get(variant.image_id),
                }
                for variant in self.variants
            ],
        }


COLOUR_SLUGS = frozenset({"colour", "color"})


def _text(value) -> str | None:
    return str(value) if value is not None else None


def variant_picker(product: Product, *, chosen_sku: str = "") -> Picker:
    """The picker of a product with choices (its category and images loaded). `chosen_sku`
    (the `?variant=` of a shared link) preselects that variant when it is the product's."""
    variants = variants_with_stock(product)
    load_variant_options(variants)
    by_variant = {variant.pk: purchase_option(product, variant=variant) for variant in variants}
    selected = next((v for v in variants if chosen_sku and v.sku == chosen_sku), None)
    if selected is None and len(variants) == 1:
        selected = variants[0]
    attributes = _attributes(variants, by_variant, selected)
    gallery = [picture.image_id for picture in product.images.all()]
    return Picker(attributes, variants, by_variant, selected, gallery)


def _attributes(variants, by_variant, selected) -> list[PickerAttribute]:
    """One group per variant attribute (in attribute order), its options in option order."""
    option_sets = {variant.pk: {o.pk for o in variant.options.all()} for variant in variants}
    chosen = {o.definition_id: o.pk for o in selected.options.all()} if selected else {}
    groups: dict[int, PickerAttribute] = {}
    found: dict[int, dict[int, AttributeOption]] = {}
    for variant in variants:
        for option in variant.options.all():
            definition = option.definition
            if definition.pk not in groups:
                colour = definition.slug in COLOUR_SLUGS
                groups[definition.pk] = PickerAttribute(definition.name, definition.slug, colour)
                found[definition.pk] = {}
            found[definition.pk][option.pk] = option
    for definition_id, group in groups.items():
        others = {pk for d, pk in chosen.items() if d != definition_id}
        for option in sorted(found[definition_id].values(), key=lambda o: (o.sort_order, o.pk)):
            matching = [v for v in variants if {option.pk, *others} <= option_sets[v.pk]]
            group.options.append(
                PickerOption(
                    option.pk,
                    option.value,
                    option.slug,
                    option.swatch,
                    is_selected=chosen.get(definition_id) == option.pk,
                    is_sold_out=bool(matching)
                    and not any(by_variant[v.pk].can_buy for v in matching),
                    is_absent=not matching,
                )
            )
    definitions = {o.definition_id: o.definition for opts in found.values() for o in opts.values()}
    return [
        groups[pk]
        for pk in sorted(groups, key=lambda pk: (definitions[pk].position, definitions[pk].name))
    ]
