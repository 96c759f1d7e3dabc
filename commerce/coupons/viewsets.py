"""Staff screens for coupons, built on Wagtail's SnippetViewSet (registered in the Orders menu
by `commerce/backoffice/wagtail_hooks.py`, which writes the value as money)."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.coupons.models import Coupon, CouponKind, normalise_code


class CouponAdminForm(WagtailAdminModelForm):
    """Codes are stored in capitals and unique whatever the case ("summer10" is "SUMMER10");
    the model's constraints are checked here first, so staff read a message, not a
    constraint name."""

    def clean_code(self):
        code = normalise_code(self.cleaned_data.get("code"))
        taken = Coupon.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"A coupon with the code {code} already exists.")
        return code

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind == CouponKind.PERCENTAGE and value is not None and value > 100:
            self.add_error("value", "A percentage cannot be more than 100.")
        starts, ends = cleaned.get("valid_from"), cleaned.get("valid_until")
        if starts and ends and ends <= starts:
            self.add_error("valid_until", "The end must be after the start.")
        return cleaned


def _uses(coupon: Coupon) -> str:
    limit = coupon.usage_limit if coupon.usage_limit is not None else "no limit"
    return f"{coupon.times_used} / {limit}"


class CouponViewSet(SnippetViewSet):
    model = Coupon
    icon = "decimal"
    menu_label = "Coupons"
    list_display = [
        "code",
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        Column("value", label="Value", sort_key="value"),
        BooleanColumn("is_active", label="Active", sort_key="is_active"),
        Column("valid_from", label="Valid from", sort_key="valid_from"),
        Column("valid_until", label="Valid until", sort_key="valid_until"),
        Column("times_used", label="Used / limit", accessor=_uses, sort_key="times_used"),
    ]
    list_filter = ["kind", "is_active"]
    list_export = [
        "code",
        "kind",
        "value",
        "is_active",
        "valid_from",
        "valid_until",
        "minimum_subtotal",
        "times_used",
        "usage_limit",
        "per_customer_limit",
    ]
    export_filename = "coupons"
    search_fields = ["code"]
    search_backend_name = None
    ordering = ["code"]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
            FieldPanel("is_active"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], heading="Valid"),
            FieldPanel("minimum_subtotal"),
            FieldRowPanel(
                [FieldPanel("usage_limit"), FieldPanel("per_customer_limit")], heading="Limits"
            ),
            FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=CouponAdminForm,
    )
