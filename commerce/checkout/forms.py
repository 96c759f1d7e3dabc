"""The checkout's forms. None takes a price, a total or a discount: the review's total is
posted back only to be compared with what the shop computes when placing the order."""

from django import forms
from django.conf import settings

from commerce import countries
from commerce.checkout.models import Checkout, DeliveryMethod, PaymentMethod
from commerce.pricing.money import format_delivery_cost, format_money


def country_choices() -> list[tuple[str, str]]:
    return countries.country_choices(settings.SHOP_COUNTRIES)


class AddressForm(forms.ModelForm):
    country = forms.ChoiceField(choices=country_choices)

    class Meta:
        model = Checkout
        fields = list(Checkout.ADDRESS_FIELDS)
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "address_line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Checkout.REQUIRED_ADDRESS_FIELDS:
            self.fields[name].required = True
        self.fields["email"].label = "E-mail"

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.strip()
        return cleaned


class MethodChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, label_from, **kwargs):
        self._label_from = label_from
        super().__init__(
            queryset=queryset,
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={
                "required": "Choose one of the options.",
                "invalid_choice": "That option is not available any more: choose another.",
            },
            **kwargs,
        )

    def label_from_instance(self, obj):
        return self._label_from(obj)


def delivery_label(method: DeliveryMethod) -> str:
    label = f"{method.name}: {format_delivery_cost(method.price)}"
    if method.free_above is not None:
        label += f" (free from {format_money(method.free_above)})"
    return label


class DeliveryForm(forms.Form):
    delivery_method = MethodChoiceField(
        DeliveryMethod.objects.active(), delivery_label, label="Delivery method"
    )


class PaymentForm(forms.Form):
    payment_method = MethodChoiceField(
        PaymentMethod.objects.active(), lambda method: method.name, label="Payment method"
    )


class PlaceOrderForm(forms.Form):
    expected_total = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0)
