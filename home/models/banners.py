"""Campaign banners: reusable pictures with a heading and a link, chosen from hero, banner-group
and slider blocks. Drafts, revisions, preview, locking and scheduled go-live/expiry come from
Wagtail's mixins; the row always holds the published version."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from home.validators import validate_link


class BannerQuerySet(models.QuerySet):
    def showing(self, now=None):
        """Banners a shopper may see now: published, and not past their expiry time (even
        before `publish_scheduled` has marked them expired)."""
        now = now or timezone.now()
        return self.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now), live=True)


class Banner(
    DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, index.Indexed, models.Model
):
    name = models.CharField(max_length=120, help_text="For editors: how to find it in lists.")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.PROTECT, related_name="+")
    mobile_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A taller crop for narrow screens; the main image if empty.",
    )
    alt_text = models.CharField(
        max_length=250, blank=True, help_text="Describe the picture; empty if it is decorative."
    )
    heading = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    link_url = models.CharField(
        "link", max_length=500, blank=True, validators=[validate_link], help_text="/path/ or URL"
    )
    link_label = models.CharField(max_length=60, blank=True, default="Shop now")
    caption = models.CharField(max_length=120, blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="banner")

    objects = BannerQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("image"), FieldPanel("mobile_image")]),
                FieldPanel("alt_text"),
            ],
            heading="Pictures",
        ),
        FieldPanel("heading"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("link_url"), FieldPanel("link_label")]),
        FieldPanel("caption"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("heading")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    @property
    def is_showing(self) -> bool:
        return self.live and (self.expire_at is None or self.expire_at > timezone.now())

    def get_preview_template(self, request, mode_name, **kwargs):
        return "home/banner_preview.html"


def seconds_until_a_banner_expires() -> float | None:
    """Seconds until the next live banner expires (None: none will): cached pages must not
    show it longer. One query, made only when a page is stored."""
    now = timezone.now()
    expiry = (
        Banner.objects.filter(live=True, expire_at__gt=now)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)
        .first()
    )
    return (expiry - now).total_seconds() if expiry is not None else None
