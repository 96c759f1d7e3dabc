"""Listings kept per catalog generation: the page a category or search shows (total, facet
counts, the page's products ready for cards) for the same normalised parameters.

`listing.build_listing` answers from the database in 2-4 queries plus the cards' three, and
building those queries was most of a listing's time. Its outcome depends only on the catalog
(products, variants, stock states, categories, attributes, pictures, search vectors) and on
the parameters, so it is kept in this process under the catalog's generation
(`commerce.catalog.generation`), which moves on with every change that can alter a count, a
page or a card; the next request then builds it again. Nothing of the visitor's is in it:
the cards get their CSRF token and return path when they are rendered (card_html).
"""

import dataclasses

from commerce.catalog.generation import GenerationCache
from commerce.catalog.listing_params import ListingParams

MAX_LISTINGS = 100  # per process; a listing of 24 products holds about 330 KB (its cards too)

LISTINGS = GenerationCache("listings", MAX_LISTINGS)


def params_key(params: ListingParams) -> tuple:
    """The parameters as a hashable value, every field included (new ones too)."""
    parts = []
    for field in dataclasses.fields(params):
        value = getattr(params, field.name)
        if isinstance(value, dict):
            value = tuple(sorted((key, tuple(sorted(items))) for key, items in value.items()))
        parts.append((field.name, value))
    return tuple(parts)


def remembered(kind: str, scope: object, params: ListingParams, definitions, build):
    """`build()`'s value (a Listing, or a tuple holding one) for this scope and these
    parameters, built once per catalog generation. `definitions` are the filterable
    attributes the parameters were read with: a process that still holds older ones (they
    are cached for a few seconds per process) keeps its listings apart."""
    key = (kind, scope, params_key(params), definitions_key(definitions))
    return LISTINGS.get_or_build(key, build)


_definitions_held: tuple[list, tuple] | None = None  # (definitions, their key), this process


def definitions_key(definitions) -> tuple:
    """What the filterable attributes show and filter by (ids, slugs, names, options in
    order), computed once per list the process holds."""
    global _definitions_held
    held = _definitions_held
    if held is None or held[0] is not definitions:
        key = tuple(
            (d.pk, d.slug, d.name, tuple((o.pk, o.slug, o.value) for o in d.options.all()))
            for d in definitions
        )
        held = _definitions_held = (definitions, key)
    return held[1]
