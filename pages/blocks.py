"""Blocks of content pages and of the navigation settings: call to action, image with
caption, FAQ/accordion, footer columns and social links, and the content page's stream. Links
are the homepage's one `LinkBlock` (home.blocks.links)."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import HTMLBlock, LinkBlock


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
