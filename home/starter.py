"""The body a new homepage starts with, so a fresh shop shows its newest products before an
editor has composed anything. It is ordinary content: editors change or remove it."""

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
            "link": [],
        },
    }
]


def is_starter_body(raw_data) -> bool:
    """Whether a body (raw StreamField data) is empty or still exactly the starter."""
    blocks = [{"type": block["type"], "value": block["value"]} for block in raw_data or []]
    return not blocks or blocks == STARTER_BODY


def starter_body() -> list[dict]:
    return [dict(block, value=dict(block["value"])) for block in STARTER_BODY]
