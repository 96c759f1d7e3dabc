"""Product pages' contents kept per catalog generation: the product with its pictures,
attributes, variant picker and purchase option, for one product and chosen variant.

Reading them is six queries and most of the page's time; they change only with the catalog
(`commerce.catalog.generation` moves on with every change to a product, its variants, stock
states, pictures, category or attributes), so this process builds them once per generation.
The breadcrumb trail is not kept here: it comes from the category cache on every request.
Previews never come through here (they render the edited, unsaved product).
"""

from commerce.catalog import selectors
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
