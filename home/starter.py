"""The body a new homepage starts with, so a fresh shop shows its newest products, and a link to
all of them, before an editor has composed anything. It is ordinary content: editors change or
remove it."""

SEE_EVERYTHING = {
    "label": "See everything",
    "page": None,
    "product": None,
    "category": None,
    "url": "/products/",
}

STARTER_BODY = [
    {
        "type": "products",
        "value": {
            "title": "New in",
            "source": "newest",
            "products": [],
            "category": None,
            "include_descendants": True,
            "limit": 12,
            "layout": "grid",
            "link": [SEE_EVERYTHING],
        },
    }
]
# What homepages made before the "See everything" link started with: still a starter.
EARLIER_STARTER_BODY = [
    {"type": "products", "value": dict(STARTER_BODY[0]["value"], link=[])},
]


def is_starter_body(raw_data) -> bool:
    """Whether a body (raw StreamField data) is empty or still exactly a starter."""
    blocks = [{"type": block["type"], "value": _plain(block["value"])} for block in raw_data or []]
    return not blocks or blocks in (STARTER_BODY, EARLIER_STARTER_BODY)


def _plain(value: dict) -> dict:
    """A products block's value with its list items as the bare values (a saved ListBlock
    keeps each item as {"type": "item", "value": ..., "id": ...})."""
    links = [item["value"] if "id" in item else item for item in value.get("link", [])]
    return dict(value, link=links) if "link" in value else value


def starter_body() -> list[dict]:
    return [
        dict(
            block, value=dict(block["value"], link=[dict(link) for link in block["value"]["link"]])
        )
        for block in STARTER_BODY
    ]
