from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class SeoMixin(models.Model):
    """Search-engine switches for a page type, on top of Wagtail's promote fields (slug, SEO
    title, search description, show in menus). A page with `noindex` is left out of the
    sitemap as well: a sitemap should not list what it asks robots not to index."""

    noindex = models.BooleanField(
        "hide from search engines",
        default=False,
        help_text="Asks search engines not to index the page (robots meta tag) and leaves it "
        "out of the sitemap.",
    )
    exclude_from_sitemap = models.BooleanField(
        default=False, help_text="Indexable, but not listed in sitemap.xml."
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared (Open Graph); 1200x630 works everywhere.",
    )

    seo_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
                FieldPanel("noindex"),
                FieldPanel("exclude_from_sitemap"),
            ],
            heading="For search engines",
        )
    ]

    class Meta:
        abstract = True

    @property
    def is_in_sitemap(self) -> bool:
        return not (self.noindex or self.exclude_from_sitemap)

    def get_sitemap_urls(self, request=None):
        return Page.get_sitemap_urls(self, request) if self.is_in_sitemap else []
