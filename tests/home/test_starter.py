"""The body a new homepage starts with links to all products."""

from home.starter import STARTER_BODY, is_starter_body, starter_body


def test_the_starter_section_links_to_all_products():
    [section] = starter_body()

    assert section["value"]["link"] == [
        {
            "label": "See everything",
            "page": None,
            "product": None,
            "category": None,
            "url": "/products/",
        }
    ]


def test_a_starter_is_recognised_as_saved_and_as_made_before_the_link():
    saved = [
        {
            "type": "products",
            "id": "b1",
            "value": dict(
                STARTER_BODY[0]["value"],
                link=[{"type": "item", "id": "l1", "value": STARTER_BODY[0]["value"]["link"][0]}],
            ),
        }
    ]
    earlier = [{"type": "products", "value": dict(STARTER_BODY[0]["value"], link=[])}]
    edited = [{"type": "products", "value": dict(STARTER_BODY[0]["value"], title="Hello")}]

    assert [is_starter_body(body) for body in (saved, earlier, edited, [])] == [
        True,
        True,
        False,
        True,
    ]
