"""Account pages: thin views that parse a form, call one service or selector and render.

Login goes through `django.contrib.auth.authenticate` (django-axes counts failures and refuses
locked-out accounts and addresses) and `login` (the session key rotates and the
`user_logged_in` receivers merge the guest cart). Only a same-site `next=` is followed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commerce.accounts import emails, selectors, services
from commerce.accounts.exceptions import AccountError, AddressNotFound
from commerce.accounts.forms import (
    WRONG_LOGIN,
    ChangeEmailForm,
    DeleteAccountForm,
    LoginForm,
    SignUpForm,
)
from commerce.accounts.throttling import allow_password_reset, attempted_username
from commerce.redirects import safe_next

BACKEND = "commerce.accounts.backends.EmailOrUsernameBackend"
ORDERS_PER_PAGE = 20
RESEND_INTERVAL = 60  # seconds between two verification mails on request


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = LoginForm(request.POST)
        if form.is_valid():
            user = authenticate(
                request,
                username=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
            if user is not None:
                login(request, user)
                return redirect(next_url or "accounts:account")
            form.add_error(None, WRONG_LOGIN)
    elif request.user.is_authenticated:
        return redirect(next_url or "accounts:account")
    else:
        form = LoginForm(initial={"next": next_url or ""})
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:account")
    form = SignUpForm(request.POST or None, initial={"next": next_url or ""})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"]
            )
        except AccountError as error:
            form.add_error("email", error.message)
        else:
            emails.send_verification(request, user)
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                f"Welcome! We sent a link to {user.email}: open it to confirm your address.",
            )
            return redirect(next_url or "accounts:account")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url or ""})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("/")


@require_safe
@never_cache
@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "recent_orders": selectors.recent_orders(user),
            "addresses": selectors.saved_addresses(user),
            "email_verified": selectors.is_email_verified(user),
            "lists_url": reverse("lists:index"),
        },
    )


@require_POST
@login_required
def resend_verification(request):
    if selectors.is_email_verified(request.user):
        messages.info(request, "Your e-mail address is already confirmed.")
    elif not caches["limits"].add(f"accounts:resend:{request.user.pk}", 1, RESEND_INTERVAL):
        messages.error(request, "We just sent you a link: wait a minute before asking again.")
    else:
        emails.send_verification(request, request.user)
        messages.success(request, f"We sent a new link to {request.user.email}.")
    return redirect("accounts:account")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_email(request, token: str):
    return _confirm_by_link(
        request,
        token,
        page=("Confirm your e-mail address", "Confirm my e-mail address", "accounts:verify_email"),
        confirm=services.verify_email,
        confirmed=lambda _user: "Your e-mail address is confirmed.",
    )


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_email(request):
    form = ChangeEmailForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = services.request_email_change(
                user=request.user, new_email=form.cleaned_data["email"]
            )
        except AccountError as error:
            form.add_error("email", error.message)
        else:
            emails.send_email_change(request, request.user, form.cleaned_data["email"], token)
            messages.success(
                request,
                f"We sent a link to {form.cleaned_data['email']}. Your address changes once"
                " you open it.",
            )
            return redirect("accounts:account")
    return render(request, "accounts/change_email.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email_change(request, token: str):
    return _confirm_by_link(
        request,
        token,
        page=(
            "Confirm your new e-mail address",
            "Use this e-mail address",
            "accounts:confirm_email_change",
        ),
        confirm=services.confirm_email_change,
        confirmed=lambda user: f"Your e-mail address is now {user.email}.",
    )


def _confirm_by_link(request, token: str, *, page, confirm, confirmed):
    """A link from an e-mail: GET shows one button (mail scanners that open links change
    nothing), POST calls `confirm(token=...)`. `page` is (heading, button, URL name)."""
    if request.method != "POST":
        heading, button, url_name = page
        context = {"heading": heading, "button": button, "action": reverse(url_name, args=[token])}
        return render(request, "accounts/confirm_link.html", context)
    try:
        user, linked = confirm(token=token)
    except AccountError as error:
        return render(request, "accounts/link_invalid.html", {"message": error.message}, status=400)
    messages.success(request, confirmed(user) + _linked_note(linked))
    return redirect("accounts:account" if request.user.is_authenticated else "accounts:login")


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.info(request, "Your account is deleted.")
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})


@require_POST
@login_required
def delete_address(request, address_id: int):
    try:
        services.delete_address(user=request.user, address_id=address_id)
    except AddressNotFound as error:
        raise Http404(error.message) from error
    messages.success(request, "Address removed.")
    return redirect("accounts:account")


@require_safe
@never_cache
@login_required
def order_list(request):
    page = Paginator(selectors.order_history(request.user), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "accounts/order_list.html", {"page_obj": page, "orders": page.object_list}
    )


@require_safe
@never_cache
@login_required
def order_detail(request, number: str):
    order = selectors.shopper_order(request.user, number)
    if order is None:
        raise Http404("No such order.")
    return render(
        request,
        "accounts/order_detail.html",
        {"order": order, "lines": list(order.lines.all()), "history": order.status_changes.all()},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session logged in
        messages.success(self.request, "Your password is changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = emails.QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"site_name": settings.WAGTAIL_SITE_NAME}

    def form_valid(self, form):
        """Too many requests for one mailbox or from one address: the same page as always
        (it never says whether an account exists), but no e-mail."""
        if not allow_password_reset(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        """A new password also lifts a login lockout on the account (not on the address)."""
        response = super().form_valid(form)
        from axes.utils import reset

        for name in {
            attempted_username(None, {"username": self.user.username}),
            attempted_username(None, {"username": self.user.email}),
        }:
            if name:
                reset(username=name)
        return response


def _linked_note(linked: int) -> str:
    if not linked:
        return ""
    orders = "order was" if linked == 1 else "orders were"
    return f" {linked} earlier {orders} added to your account."
