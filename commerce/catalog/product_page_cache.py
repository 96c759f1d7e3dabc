"""Product pages' contents kept per catalog generation: the product with its pictures,
attributes, variant picker and purchase option, for one product and chosen variant.

Reading them is six queries and most of the page's time; they change only with the catalog
(`commerce.catalog.generation` moves on with every change to a product, its variants, stock
states, pictures, category or attributes), so this process builds them once per generation.
The page's gallery, buying part, attributes and description are kept too, rendered
(`render_part`): the rest of the page (header with the visitor's cart and account, the "save
to list" menu, breadcrumbs, meta tags) is rendered for each request. The breadcrumb trail comes
from the category cache on every request. Previews never come through here (they render the
edited, unsaved product).
"""

from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from commerce.catalog import card_html, selectors
from commerce.catalog.generation import GenerationCache

MAX_PRODUCT_PAGES = 500  # per process; a product page holds about 50 KB

PRODUCT_PAGES = GenerationCache("product pages", MAX_PRODUCT_PAGES)


def product_page(slug: str, chosen_sku: str) -> dict | None:
    """The product page's context without the visitor's parts, or None: no visible product
    has this slug."""

    def build():
        product = selectors.visible_product(slug)
        if product is None:
            return None
        return selectors.product_page_context(product, chosen_sku=chosen_sku)

    return PRODUCT_PAGES.get_or_build((slug, chosen_sku), build)


# Parts of the product page rendered once per generation (gallery, buying part, details):
# about half of a warm product page's time was rendering them again for every visitor.
PRODUCT_PAGE_PARTS = GenerationCache("product page parts", 3 * MAX_PRODUCT_PAGES)


def render_part(context, template_name: str) -> SafeString:
    """`template_name` rendered with `context` (an include), kept for the generation when the
    context is a kept product page's (`kept_page`, set by the view; never for a preview).

    A kept part is rendered with placeholders for the visitor's CSRF token and path
    (`card_html.PlaceholderRequest`) and filled in per request (`card_html.personalise`), so
    it must show nothing else of the visitor's."""
    template = context.template.engine.get_template(template_name)
    kept_page = context.get("kept_page")
    if kept_page is None:
        return mark_safe(template.render(context))

    def build() -> str:
        return card_html.render_for_anyone(context, template)

    key = (template_name, kept_page, get_language(), get_script_prefix())
    return mark_safe(card_html.personalise(PRODUCT_PAGE_PARTS.get_or_build(key, build), context))
