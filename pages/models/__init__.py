"""The pages app's models: content pages, the site settings for navigation and contact, and
shareable preview links."""

from pages.models.content import ContentPage
from pages.models.preview_links import PreviewLink
from pages.models.seo import SeoMixin
from pages.models.site_settings import ContactSettings, NavigationSettings

__all__ = ["ContactSettings", "ContentPage", "NavigationSettings", "PreviewLink", "SeoMixin"]
