"""Full-text search over the catalog, tolerant of small typos.

A product matches when its search vector matches the words (PostgreSQL full-text search with
the English stemmer), when its name contains words similar to the query (pg_trgm word
similarity, index-backed), or when the query is its SKU. Results rank by text rank plus name
similarity, an exact SKU first.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from commerce.catalog.search_index import SEARCH_CONFIG

# How close the query must be to a run of words in a name (pg_trgm word_similarity, 1 is
# exact). Measured: "rigde tent" ~ "Ridge tent" 0.47, "leathr shoe" ~ "... leather trail shoe"
# 0.48, but "stormy" ~ "Camp stool" 0.43: 0.45 keeps the typos and drops the noise.
WORD_SIMILARITY_THRESHOLD = 0.45


@contextmanager
def typo_tolerance():
    """A transaction in which the name-similarity operator uses our threshold."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )
        yield


def matching(products: QuerySet, text: str) -> QuerySet:
    """Products matching `text`, annotated with `rank` (run inside `typo_tolerance()`)."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return products.filter(
        Q(search_vector=query) | Q(name__trigram_word_similar=text) | Q(sku__iexact=text)
    ).annotate(
        rank=SearchRank(F("search_vector"), query)
        + TrigramWordSimilarity(text, "name")
        + Case(When(sku__iexact=text, then=Value(10.0)), default=0.0, output_field=FloatField())
    )
