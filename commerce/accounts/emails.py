"""Mail about the account: links to prove an address. Links are absolute, built from the
request the shopper made (so they point at the host the shopper used); a worker sends the
rendered message (`commerce.accounts.tasks`)."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse

from commerce.accounts import tokens
from commerce.accounts.tasks import send_account_mail


def send_verification(request, user) -> None:
    link = request.build_absolute_uri(
        reverse("accounts:verify_email", args=[tokens.verification_token(user)])
    )
    _send(
        "accounts/email/verify.txt",
        f"Confirm your e-mail address at {_shop()}",
        user.email,
        {"user": user, "link": link},
    )


def send_email_change(request, user, new_email: str, token: str) -> None:
    """The link goes to the new address; the current one is told, without the link."""
    link = request.build_absolute_uri(reverse("accounts:confirm_email_change", args=[token]))
    context = {"user": user, "link": link, "new_email": new_email}
    _send(
        "accounts/email/change_email.txt",
        f"Confirm your new e-mail address at {_shop()}",
        new_email,
        context,
    )
    _send(
        "accounts/email/change_email_notice.txt",
        f"Your e-mail address at {_shop()}",
        user.email,
        context,
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the mail sent by a worker instead of the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_account_mail.enqueue(subject=subject, body=body, to=to_email)


def _send(template: str, subject: str, to: str, context: dict) -> None:
    context = {**context, "shop_name": _shop()}
    send_account_mail.enqueue(subject=subject, body=render_to_string(template, context), to=to)


def _shop() -> str:
    return settings.WAGTAIL_SITE_NAME
