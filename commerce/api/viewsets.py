"""API tokens in the admin: staff create them (the token is shown once, in the success
message) and revoke them; the list shows the prefix, scopes, last use and expiry."""

from django import forms
from django.contrib import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from commerce.api.models import ApiToken, Scope
from commerce.api.tokens import issue_token, revoke_token


class ApiTokenForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    revoke = forms.BooleanField(
        required=False, help_text="A revoked token stops working at once, for good."
    )

    class Meta:
        model = ApiToken
        fields = ["name", "scopes", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.revoked_at is not None:
            del self.fields["revoke"]


class CreateTokenView(CreateView):
    def save_instance(self):
        token = self.form.save(commit=False)
        self.raw_token = issue_token(token, created_by=self.request.user)
        return token

    def get_success_message(self, instance):
        return (
            f"API token “{instance.name}” created. Copy it now, it is not shown again: "
            f"{self.raw_token}"
        )

    def get_success_buttons(self):
        return []


class EditTokenView(EditView):
    def save_instance(self):
        token = self.form.save()
        if self.form.cleaned_data.get("revoke"):
            revoke_token(token)
            messages.warning(self.request, f"API token “{token.name}” revoked.")
        return token


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    add_view_class = CreateTokenView
    edit_view_class = EditTokenView
    icon = "key"
    menu_label = "API tokens"
    add_to_settings_menu = True
    list_display = ["name", "prefix", "scopes", "last_used_at", "expires_at", "revoked_at"]
    search_fields = ["name", "prefix"]
    search_backend_name = None
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return ApiTokenForm
