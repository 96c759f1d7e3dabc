"""Account forms: they parse and validate input; the services do the writing."""

from django import forms
from django.contrib.auth import get_user_model, password_validation

from commerce.accounts.identity import USERNAME_MAX_LENGTH, email_in_use, normalise_email

WRONG_LOGIN = "E-mail address or password is wrong."


class EmailField(forms.EmailField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", USERNAME_MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "email"})


class LoginForm(forms.Form):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class SignUpForm(forms.Form):
    email = EmailField(label="E-mail address")
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_in_use(email):
            raise forms.ValidationError(
                "An account with this e-mail address already exists. Log in, or reset your"
                " password if you forgot it.",
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            candidate = get_user_model()(username=normalise_email(email), email=email)
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PasswordConfirmForm(forms.Form):
    """Asks the account's current password before a sensitive change."""

    password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is wrong.", code="password_incorrect")
        return password


class ChangeEmailForm(PasswordConfirmForm):
    email = EmailField(label="New e-mail address")

    field_order = ["email", "password"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if normalise_email(email) == normalise_email(self.user.email):
            raise forms.ValidationError("This is already your e-mail address.", code="same")
        if email_in_use(email, exclude_user=self.user):
            raise forms.ValidationError(
                "Another account uses this e-mail address.", code="email_taken"
            )
        return email


class DeleteAccountForm(PasswordConfirmForm):
    pass
