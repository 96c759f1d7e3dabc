import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

DEFAULT_LIFETIME = timedelta(hours=24)


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + DEFAULT_LIFETIME


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class PreviewLink(models.Model):
    """A link that shows the latest draft of a page or previewable snippet to anyone holding
    it, until it expires or is revoked. Created and revoked through pages.preview_links."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    content_object = GenericForeignKey("content_type", "object_id")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"], name="preview_link_object")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="preview_link_expires_after_creation",
            )
        ]

    def __str__(self):
        return f"Preview link for {self.content_type.model} {self.object_id}"

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
