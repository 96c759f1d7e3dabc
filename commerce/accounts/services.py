"""Every write to an account: sign-up, proving and changing the e-mail address, deleting the
account, and forgetting a saved address. Views, commands and tests call these alike."""

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from commerce.accounts import tokens
from commerce.accounts.exceptions import AddressNotFound, EmailTaken, InvalidLink
from commerce.accounts.identity import email_in_use, normalise_email
from commerce.accounts.models import Address, VerifiedEmail
from commerce.orders.models import Order, OrderStatusChange
from commerce.orders.numbers import new_access_token

DELETED_NAME = "Deleted customer"


def sign_up(*, email: str, password: str):
    """A new shopper account, its username the lower-cased address; not verified yet."""
    email = get_user_model().objects.normalize_email(email.strip())
    if email_in_use(email):
        raise EmailTaken()
    try:
        with transaction.atomic():
            return get_user_model().objects.create_user(
                username=normalise_email(email), email=email, password=password
            )
    except IntegrityError as error:  # the same address signed up at the same moment
        raise EmailTaken() from error


def verify_email(*, token: str) -> tuple[object, int]:
    """Mark the address the link was sent to as the account's proven address, then link the
    guest orders placed with it. Returns (user, number of orders linked)."""
    found = tokens.read_verification_token(token)
    if found is None:
        raise InvalidLink()
    user_id, email = found
    with transaction.atomic():
        user = _locked_user(user_id)
        if user is None or normalise_email(user.email) != email:
            raise InvalidLink()
        linked = _prove_email(user, email)
    return user, linked


def request_email_change(*, user, new_email: str) -> str:
    """Check the new address is free and return the signed token for the link that must be
    opened to make it the account's address (nothing changes before that)."""
    new_email = get_user_model().objects.normalize_email(new_email.strip())
    if normalise_email(new_email) == normalise_email(user.email):
        raise EmailTaken("This is already your e-mail address.")
    if email_in_use(new_email, exclude_user=user):
        raise EmailTaken()
    return tokens.email_change_token(user, new_email)


def confirm_email_change(*, token: str) -> tuple[object, int]:
    """Apply a change of address from its link: the new address becomes the account's
    (username too, for a shopper), proven, and guest orders placed with it are linked.
    Returns (user, number of orders linked)."""
    found = tokens.read_email_change_token(token)
    if found is None:
        raise InvalidLink()
    user_id, old_email, new_email = found
    try:
        with transaction.atomic():
            user = _locked_user(user_id)
            if user is None or normalise_email(user.email) != old_email:
                raise InvalidLink()
            if email_in_use(new_email, exclude_user=user):
                raise EmailTaken()
            if user.username == old_email:  # a shopper: the username follows the address
                user.username = normalise_email(new_email)
            user.email = new_email
            user.save(update_fields=["username", "email"])
            linked = _prove_email(user, normalise_email(new_email))
    except IntegrityError as error:
        raise EmailTaken() from error
    return user, linked


def delete_account(*, user) -> None:
    """Delete the account, its cart, saved addresses and lists. Its orders stay as anonymous
    records (number, lines, amounts, status) with the customer's personal data removed and
    their guest link revoked."""
    with transaction.atomic():
        orders = list(Order.objects.filter(user=user).only("pk"))
        for order in orders:
            order.access_token = new_access_token()
        Order.objects.bulk_update(orders, ["access_token"])
        Order.objects.filter(user=user).update(
            user=None,
            email="",
            name=DELETED_NAME,
            phone="",
            address_line1="",
            address_line2="",
            postal_code="",
            city="",
        )
        OrderStatusChange.objects.filter(actor=user).update(actor=None, actor_name=DELETED_NAME)
        names = {normalise_email(user.get_username()), normalise_email(user.email)} - {""}
        user.delete()
        # Failed-login records name the account too.
        AccessAttempt.objects.filter(username__in=names).delete()


def delete_address(*, user, address_id: int) -> None:
    deleted, _ = Address.objects.filter(owner=user, pk=address_id).delete()
    if not deleted:
        raise AddressNotFound()


def _locked_user(user_id: int):
    return get_user_model()._default_manager.select_for_update().filter(pk=user_id).first()


def _prove_email(user, email: str) -> int:
    VerifiedEmail.objects.update_or_create(
        user=user, defaults={"email": email, "verified_at": timezone.now()}
    )
    return Order.objects.filter(user__isnull=True, email__iexact=email).update(user=user)
