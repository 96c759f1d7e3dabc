from wagtail import blocks

from home.sanitising import sanitise_html

RAW_HTML_PERMISSION = "home.edit_raw_html"

PREVIEW_HTML = (
    '<div class="campaign-note"><h2>Free delivery this weekend</h2>'
    '<p>On every order over 50 EUR. <a href="/categories/">Browse the shop</a>.</p></div>'
)


class HTMLBlock(blocks.RawHTMLBlock):
    """Raw markup for embeds and campaign snippets, limited to an allow-list
    (home.sanitising): cleaned when the block is validated, when it is stored and when it is
    rendered. Only users with the `home.edit_raw_html` permission may add or change one
    (enforced by the page forms, see home.forms)."""

    def clean(self, value):
        return super().clean(sanitise_html(value))

    def get_prep_value(self, value):
        return str(sanitise_html(value))

    def to_python(self, value):
        # Loaded values are cleaned too, so even `{{ value }}` in another template is safe.
        return sanitise_html(value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["html"] = sanitise_html(value)
        return context

    def render_basic(self, value, context=None):
        return sanitise_html(value)

    class Meta:
        icon = "code"
        label = "HTML"
        template = "home/blocks/html_block.html"
        help_text = (
            "For embeds and campaign markup. Scripts, styles, event handlers and javascript: "
            "links are removed."
        )
        description = "Sanitised HTML for embeds and campaign markup"
        preview_value = PREVIEW_HTML
        preview_template = "home/blocks/preview.html"
