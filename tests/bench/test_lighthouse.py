"""bench/lighthouse.py's SEO score with the indexing audit aside: Lighthouse's own weighted
mean, recomputed without `is-crawlable`, and the search page held to the target on it only."""

from bench.lighthouse import Page, score_cell, score_without


def seo_report(crawlable: float) -> dict:
    """A Lighthouse report's SEO part: four weighted audits and one that does not apply."""
    audits = {
        "is-crawlable": crawlable,
        "document-title": 1,
        "meta-description": 1,
        "link-text": 0,
        "hreflang": None,
    }
    weights = {"is-crawlable": 4.043, "document-title": 1, "meta-description": 1, "link-text": 1}
    return {
        "categories": {
            "seo": {
                "auditRefs": [{"id": audit, "weight": weights.get(audit, 0)} for audit in audits]
            }
        },
        "audits": {audit: {"score": score} for audit, score in audits.items()},
    }


def test_seo_without_the_indexing_audit_is_the_mean_of_the_others():
    report = seo_report(crawlable=0)

    assert score_without(report, "seo", "is-crawlable") == 67  # 2 of 3 equal weights pass
    # Aside nothing, it is Lighthouse's own figure: (1 + 1) / 7.043.
    assert score_without(report, "seo", "") == 28


def test_a_noindex_page_is_held_to_the_seo_target_only_with_indexing_aside():
    search = Page("search", "/search/?q=tent", noindex=True)
    product = Page("product", "/p/tent/")

    assert score_cell(search, "seo", 66) == "66 (noindex)"
    assert score_cell(search, "seo-indexing-aside", 94) == "94 <"
    assert score_cell(product, "seo", 66) == "66 <"
    assert score_cell(product, "seo", 100) == "100"
