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
