"""Shareable preview links: create, revoke, find, and render the draft they point to.

A link points at any Wagtail page or any previewable snippet with revisions (content type +
primary key). It shows the object's latest revision, so a reviewer always sees the current
draft, until the link expires or is revoked."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.models import Page, PreviewableMixin, RevisionMixin

from pages.models import PreviewLink
from pages.models.preview_links import DEFAULT_LIFETIME

MAX_LIFETIME = timedelta(days=30)


class NotShareable(Exception):
    """The object has no drafts or no preview, so a link could show nothing."""


def is_shareable(model) -> bool:
    return issubclass(model, PreviewableMixin) and issubclass(model, RevisionMixin)


def can_share(user, obj) -> bool:
    """Whoever may edit the object may share its draft."""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    meta = obj._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def shared_object(content_type: ContentType, object_id: str):
    """The object a link may point at, or Http404."""
    model = content_type.model_class()
    if model is None or not is_shareable(model):
        raise Http404
    if issubclass(model, Page):
        obj = Page.objects.filter(pk=object_id).first()
        obj = obj.specific if obj is not None else None
    else:
        obj = model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return obj


def create_preview_link(*, obj, user, lifetime: timedelta = DEFAULT_LIFETIME) -> PreviewLink:
    if not is_shareable(type(obj)):
        raise NotShareable(obj)
    if not can_share(user, obj):
        raise PermissionDenied
    if not timedelta(0) < lifetime <= MAX_LIFETIME:
        raise ValueError(f"A preview link lives between a minute and {MAX_LIFETIME.days} days.")
    now = timezone.now()
    return PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        created_by=user,
        created_at=now,
        expires_at=now + lifetime,
    )


def revoke_preview_link(*, link: PreviewLink, user) -> None:
    """Revoked links stay listed (who shared what, and until when) but open nothing."""
    obj = shared_object(link.content_type, link.object_id)
    if not can_share(user, obj):
        raise PermissionDenied
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def usable_link(token: str) -> PreviewLink:
    link = PreviewLink.objects.usable().select_related("content_type").filter(token=token).first()
    if link is None:
        raise Http404
    return link


def latest_draft(obj):
    """The object as its latest revision holds it (the draft, or the live version when no
    newer revision exists)."""
    return obj.get_latest_revision_as_object()


def render_preview(request, link: PreviewLink):
    """The latest draft rendered as the editor's preview renders it; never cached, never
    indexed."""
    draft = latest_draft(shared_object(link.content_type, link.object_id))
    response = draft.make_preview_request(request, draft.default_preview_mode)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
