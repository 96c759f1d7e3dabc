"""A shopper's saved addresses and the e-mail address they proved they own.

Accounts are Django's own `auth.User`: a shopper's `username` is their normalised (lower-cased)
e-mail address, which makes e-mail addresses unique case-insensitively at the database level.
"""

from django.conf import settings
from django.db import models

ADDRESS_FIELDS = (
    "name",
    "phone",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "country",
)


class Address(models.Model):
    """A delivery address the shopper used before; the checkout offers the latest one."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address (line 2)", max_length=200, blank=True)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=120)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
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

    def as_fields(self) -> dict:
        return {field: getattr(self, field) for field in ADDRESS_FIELDS}


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
