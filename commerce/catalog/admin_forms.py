"""The product form: the product, its gallery, its variants (options, SKU, price, stock per
warehouse) and the "generate variants" choice. Stock is set apart by the view (see
`commerce.stock.services.set_stock_counts`), never written as absolute values here."""

from collections import defaultdict

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from commerce.catalog.models import AttributeOption
from commerce.stock.admin_forms import StockPerWarehouseField, decode_seen, encode_seen
from commerce.stock.models import StockRecord, Warehouse

# The formsets the view saves itself, after the product (outside revisions).
SAVED_BY_THE_VIEW = ("stock_records", "variants")


def option_choices() -> list:
    """All attribute options grouped by attribute, for the variants' option lists."""
    groups = defaultdict(list)
    for option in AttributeOption.objects.select_related("definition").order_by(
        "definition__position", "definition__name", "sort_order", "value"
    ):
        groups[option.definition.name].append((option.pk, option.value))
    return list(groups.items())


class VariantForm(WagtailAdminModelForm):
    """One variant row: its options, SKU, prices, image and a quantity per warehouse."""

    stock = forms.CharField(required=False)  # replaced per form by the warehouses' boxes
    stock_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, warehouses=(), choices=(), stock_by_variant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stock"] = StockPerWarehouseField(warehouses, label="Stock")
        shown = (stock_by_variant or {}).get(self.instance.pk, {}) if self.instance.pk else {}
        self.fields["stock"].initial = [shown.get(w.pk) for w in warehouses]
        self.fields["stock_seen"].initial = encode_seen(shown)
        options = self.fields["options"]
        options.queryset = AttributeOption.objects.select_related("definition")
        options.choices = choices
        options.widget.attrs["size"] = 6

    def seen_stock(self) -> dict[int, int]:
        return decode_seen(self.cleaned_data.get("stock_seen", ""))


class VariantsInlinePanel(InlinePanel):
    def __init__(self, relation_name="variants", **kwargs):
        kwargs.setdefault(
            "panels",
            [
                FieldRowPanel([FieldPanel("sku"), FieldPanel("options")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("compare_at_price")]),
                FieldPanel("image"),
                FieldPanel("stock"),
                FieldPanel("stock_seen"),
            ],
        )
        super().__init__(relation_name, **kwargs)

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = VariantForm
        return options


class ProductAdminForm(WagtailAdminModelForm):
    """Saves the product and its gallery; the view saves the variants and stock after it."""

    generate_from = forms.ModelMultipleChoiceField(
        queryset=AttributeOption.objects.select_related("definition"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Generate variants from these options",
        help_text=(
            "Tick sizes and colours: one variant is made for every combination the product does "
            "not have yet (SKU: the product's SKU and the options). Their attributes become the "
            "product's variant attributes."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        variants = self.formsets.get("variants")
        stock = self.formsets.get("stock_records")
        if stock is not None and self.instance.pk:
            # The product's own stock rows are its default variant's; a product with
            # options keeps its stock on the variants' rows.
            stock.queryset = stock.queryset.filter(variant__option_key="")
        if variants is not None:
            if self.instance.pk:
                variants.queryset = variants.queryset.prefetch_related("options")
            # Once for all rows: the warehouses, the option list and the shown stock.
            variants.form_kwargs.update(
                warehouses=list(
                    Warehouse.objects.filter(is_active=True).order_by("priority", "pk")
                ),
                choices=option_choices(),
                stock_by_variant=self._stock_by_variant(),
            )

    def _stock_by_variant(self) -> dict[int, dict[int, int]]:
        if not self.instance.pk:
            return {}
        shown: dict[int, dict[int, int]] = defaultdict(dict)
        rows = StockRecord.objects.filter(product_id=self.instance.pk)
        for variant_id, warehouse_id, quantity in rows.values_list(
            "variant_id", "warehouse_id", "quantity"
        ):
            shown[variant_id][warehouse_id] = quantity
        return shown

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("generate_from") and "variant_attributes" in cleaned:
            # The generated variants' attributes become the product's (saved with it).
            chosen = {option.definition for option in cleaned["generate_from"]}
            cleaned["variant_attributes"] = sorted(
                set(cleaned["variant_attributes"]) | chosen, key=lambda a: (a.position, a.name)
            )
        variants = self.formsets.get("variants")
        if variants is not None and "variant_attributes" in cleaned:
            self._check_variant_options(variants, set(cleaned["variant_attributes"]))
        return cleaned

    def _check_variant_options(self, formset, attributes) -> None:
        """Each variant with options has one option of each variant attribute (a variant
        without options is the product's default), and no two share a combination."""
        names = ", ".join(sorted(a.name for a in attributes)) or "none"
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or formset._should_delete_form(form):
                continue
            options = list(form.cleaned_data.get("options") or [])
            if not options:
                continue
            definitions = [option.definition for option in options]
            if len(set(definitions)) != len(definitions) or set(definitions) != attributes:
                form.add_error("options", f"Choose one option of each variant attribute ({names}).")
                continue
            key = frozenset(option.pk for option in options)
            if key in seen:
                form.add_error("options", "Another variant has these options.")
            seen.add(key)

    def save(self, commit=True):
        popped = {
            name: self.formsets.pop(name) for name in SAVED_BY_THE_VIEW if name in self.formsets
        }
        try:
            return super().save(commit=commit)
        finally:
            self.formsets.update(popped)
