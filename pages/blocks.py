"""Blocks of content pages and of the navigation settings: links (to a page, a category or a
URL), call to action, image with caption, FAQ/accordion, and the content page's stream."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import HTMLBlock


class LinkValue(blocks.StructValue):
    """Where a link points (`href`, as `url` is the URL field) and what it says (`text`); a
    page or category that is unpublished or hidden gives no href, so templates and the
    navigation leave the link out."""

    def href(self) -> str:
        if page := self.get("page"):
            return page.url if page.live else ""
        if category := self.get("category"):
            return category.get_absolute_url() if category.is_listed else ""
        return self.get("url") or ""

    def text(self) -> str:
        if label := self.get("label"):
            return label
        if page := self.get("page"):
            return page.title
        if category := self.get("category"):
            return category.name
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """One of: a page, a category or a URL. The label defaults to the page's title or the
    category's name."""

    label = blocks.CharBlock(required=False, max_length=80)
    page = blocks.PageChooserBlock(required=False)
    category = SnippetChooserBlock("catalog.Category", required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="URL",
        help_text="An address such as https://example.com/ or /search/?q=boots.",
    )

    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("page", "category", "url") if value.get(name)]
        if len(targets) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ErrorList(
                        [ValidationError("Choose exactly one of a page, a category or a URL.")]
                    )
                }
            )
        url = value.get("url") or ""
        if url and not url.startswith(("/", "https://", "http://", "mailto:", "tel:")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ErrorList(
                        [ValidationError("Start with /, https://, http://, mailto: or tel:.")]
                    )
                }
            )
        if url and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": ErrorList([ValidationError("A URL link needs a label.")])}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        form_classname = "link-block"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    link = LinkBlock()
    style = blocks.ChoiceBlock(
        choices=[("primary", "Primary"), ("secondary", "Secondary")], default="primary"
    )

    class Meta:
        icon = "pick"
        template = "pages/blocks/call_to_action_block.html"
        description = "A heading, a short text and one button"
        preview_value = {
            "heading": "Need help choosing?",
            "text": "Our team answers within a day.",
            "link": {"label": "Contact us", "url": "mailto:shop@example.com"},
            "style": "primary",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the picture for people who cannot see it; empty if decorative.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "pages/blocks/image_block.html"
        description = "A picture with alternative text and an optional caption"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])


class FaqBlock(blocks.StructBlock):
    """Questions and answers as disclosures: work without JavaScript and with a keyboard."""

    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(FaqItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "pages/blocks/faq_block.html"
        label = "FAQ / accordion"
        description = "Questions that open to show their answers"
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {"question": "How long does delivery take?", "answer": "<p>Two to four days.</p>"},
                {"question": "Can I return an item?", "answer": "<p>Yes, within 30 days.</p>"},
            ],
        }


class RichTextSectionBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "pages/blocks/rich_text_block.html"
        description = "Paragraphs, headings, lists and links"
        preview_value = "<h2>Delivery</h2><p>We ship within two working days.</p>"


class ContentBodyBlock(blocks.StreamBlock):
    text = RichTextSectionBlock(
        features=["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]
    )
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    faq = FaqBlock()
    html = HTMLBlock()


class FooterColumnBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80)
    links = blocks.ListBlock(LinkBlock())

    class Meta:
        icon = "list-ul"


SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("pinterest", "Pinterest"),
    ("linkedin", "LinkedIn"),
    ("mastodon", "Mastodon"),
    ("other", "Other"),
]


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label="URL")
    label = blocks.CharBlock(
        required=False, max_length=80, help_text="Defaults to the network's name."
    )

    class Meta:
        icon = "site"
