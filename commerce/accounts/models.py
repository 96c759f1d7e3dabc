"""A shopper's saved addresses and the e-mail address they proved they own.

Accounts are Django's own `auth.User`: a shopper's `username` is their normalised (lower-cased)
e-mail address, which makes e-mail addresses unique case-insensitively at the database level.
"""

from django.conf import settings
from django.db import models

from commerce.orders.models import PostalAddress

ADDRESS_FIELDS = PostalAddress.ADDRESS_FIELDS


class Address(PostalAddress):
    """A delivery address the shopper used before; the checkout offers the latest one."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_used_at", "-pk"]
        verbose_name_plural = "addresses"
        constraints = [
            # The same address used again updates `last_used_at` instead of adding a row.
            models.UniqueConstraint(
                fields=["owner", *ADDRESS_FIELDS], name="address_unique_per_owner"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.address_line1}, {self.postal_code} {self.city}"


class VerifiedEmail(models.Model):
    """The address this account proved it receives mail at (lower-cased). The account's
    e-mail counts as verified only while it is still this address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="verified_email",
    )
    email = models.EmailField()
    verified_at = models.DateTimeField()

    def __str__(self):
        return self.email
