"""What the cart's forms accept. None of them takes a price, a total or a discount."""

from django import forms

from commerce.catalog.purchase import MAX_QUANTITY

QUANTITY_ERROR = f"Enter a whole number from 1 to {MAX_QUANTITY}."
BIGINT_MAX = 2**63 - 1


class QuantityField(forms.IntegerField):
    """A whole number from 1 to `MAX_QUANTITY`; anything else ("0", "-1", "1.5", "abc",
    "100", nothing) gets one clear message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        for code in ("required", "invalid", "min_value", "max_value"):
            kwargs["error_messages"].setdefault(code, QUANTITY_ERROR)
        super().__init__(min_value=1, max_value=MAX_QUANTITY, **kwargs)


class QuantityForm(forms.Form):
    quantity = QuantityField()


class AddToCartForm(forms.Form):
    """A product, optionally its variant (`variant`) or one option per variant attribute
    (fields named `option-<attribute slug>`, radio buttons on the product page)."""

    OPTION_PREFIX = "option-"

    product = forms.IntegerField(min_value=1, max_value=BIGINT_MAX)
    variant = forms.IntegerField(min_value=1, max_value=BIGINT_MAX, required=False)
    quantity = QuantityField()

    def clean(self):
        data = super().clean()
        option_ids = []
        for name in self.data:
            if not name.startswith(self.OPTION_PREFIX):
                continue
            value = self.data.get(name)
            if not value:
                continue  # nothing chosen for that attribute: the service names it
            if not value.isdigit() or not 1 <= int(value) <= BIGINT_MAX:
                raise forms.ValidationError("Unknown option.", code="option")
            option_ids.append(int(value))
        data["option_ids"] = option_ids
        return data


class CouponForm(forms.Form):
    code = forms.CharField(
        max_length=40, error_messages={"required": "Enter a coupon code."}, strip=True
    )
