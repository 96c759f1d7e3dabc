"""The stock rows on the product form: counts that never undo what orders took meanwhile."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel

from commerce.stock.services import StockCount, StockCountResult


class StockRowForm(WagtailAdminModelForm):
    """One warehouse's quantity, carrying the quantity staff were shown (hidden)."""

    seen_quantity = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_quantity"].initial = self.instance.quantity

    def stock_count(self) -> StockCount:
        data = self.cleaned_data
        seen = data.get("seen_quantity") if self.instance.pk else None
        return StockCount(data["warehouse"].pk, data["quantity"], seen)

    def take_result(self, result: StockCountResult) -> None:
        """Show the form what the database holds now (also for autosave's next submit)."""
        self.instance.pk = result.record_id
        self.instance.quantity = result.quantity

    def get_field_updates_for_resave(self):
        return [
            *super().get_field_updates_for_resave(),
            (f"{self.prefix}-seen_quantity", str(self.instance.quantity)),
        ]


class StockInlinePanel(InlinePanel):
    def __init__(self, relation_name="stock_records", **kwargs):
        kwargs.setdefault(
            "panels",
            [FieldPanel("warehouse"), FieldPanel("quantity"), FieldPanel("seen_quantity")],
        )
        super().__init__(relation_name, **kwargs)

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = StockRowForm
        return options


def stock_counts_from(formset) -> tuple[list[tuple[StockRowForm, StockCount]], tuple[int, ...]]:
    """The rows to set (with their forms) and the warehouses whose rows were deleted."""
    deleted = set(formset.deleted_forms)
    rows = [
        (form, form.stock_count())
        for form in formset.forms
        if form not in deleted and (form.instance.pk or form.has_changed())
    ]
    removed = tuple(form.instance.warehouse_id for form in deleted if form.instance.pk)
    return rows, removed


class StockPerWarehouseField(forms.MultiValueField):
    """One quantity per active warehouse, on one line (a variant's row in the product form);
    an empty box leaves that warehouse as it is."""

    def __init__(self, warehouses, **kwargs):
        self.warehouses = list(warehouses)
        fields = [forms.IntegerField(min_value=0, required=False) for _ in self.warehouses]
        widget = forms.MultiWidget(
            [
                forms.NumberInput(
                    attrs={"min": 0, "placeholder": w.name, "aria-label": f"Stock in {w.name}"}
                )
                for w in self.warehouses
            ]
        )
        kwargs.setdefault(
            "help_text", "Units per warehouse: " + ", ".join(w.name for w in self.warehouses)
        )
        super().__init__(fields, widget=widget, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list):
        """{warehouse id: quantity} of the boxes filled in."""
        values = data_list or [None] * len(self.warehouses)
        return {
            warehouse.pk: value
            for warehouse, value in zip(self.warehouses, values, strict=True)
            if value is not None
        }


def variant_stock_counts(
    typed: dict[int, int], seen: dict[int, int], *, is_new: bool
) -> list[StockCount]:
    """The counts to set for one variant: the boxes whose value differs from what staff were
    shown (all filled boxes of a new variant), each carrying the shown quantity."""
    counts = []
    for warehouse_id, quantity in sorted(typed.items()):
        if is_new or warehouse_id not in seen:
            counts.append(StockCount(warehouse_id, quantity, None))
        elif quantity != seen[warehouse_id]:
            counts.append(StockCount(warehouse_id, quantity, seen[warehouse_id]))
    return counts


def encode_seen(quantities: dict[int, int]) -> str:
    return ",".join(
        f"{warehouse_id}:{quantity}" for warehouse_id, quantity in sorted(quantities.items())
    )


def decode_seen(text: str) -> dict[int, int]:
    """The hidden "shown quantities" back; anything malformed counts as not shown."""
    seen = {}
    for part in (text or "").split(","):
        warehouse_id, _, quantity = part.partition(":")
        if warehouse_id.isdigit() and quantity.lstrip("-").isdigit():
            seen[int(warehouse_id)] = int(quantity)
    return seen
