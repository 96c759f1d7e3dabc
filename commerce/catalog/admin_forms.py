from wagtail.admin.forms import WagtailAdminModelForm


class ProductAdminForm(WagtailAdminModelForm):
    """Saves the product and its gallery; stock rows are set apart by the view (see
    `commerce.stock.services.set_stock_counts`), never written as absolute values here."""

    def save(self, commit=True):
        stock = self.formsets.pop("stock_records", None)
        try:
            return super().save(commit=commit)
        finally:
            if stock is not None:
                self.formsets["stock_records"] = stock
