"""The HTML block keeps campaign markup and embeds, never scripts."""

import pytest

from home.blocks import HTMLBlock

ATTACK = (
    '<p>Sale <script>alert("x")</script>now</p>'
    '<img src="/media/banner.png" alt="Banner" onerror="alert(1)">'
    '<a href="javascript:alert(1)">Click</a>'
    '<a href="JaVaScRiPt:alert(2)">Again</a>'
    '<p onclick="steal()" style="color:red">Hi</p>'
    "<style>body{display:none}</style>"
    '<iframe src="javascript:alert(3)"></iframe>'
)


@pytest.mark.parametrize("stage", ["clean", "prep", "render"])
def test_scripts_handlers_and_script_urls_are_stripped_at_every_stage(stage):
    block = HTMLBlock()

    output = {
        "clean": lambda: block.clean(ATTACK),
        "prep": lambda: block.get_prep_value(ATTACK),
        "render": lambda: block.render(ATTACK),
    }[stage]()

    lowered = str(output).lower()
    assert "<script" not in lowered and "alert(" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered and "<style" not in lowered and "style=" not in lowered
    # What is harmless survives.
    assert "<p>Sale now</p>" in str(output)
    assert '<img src="/media/banner.png" alt="Banner">' in str(output)
    assert '<a rel="noopener noreferrer">Click</a>' in str(output)


def test_embeds_and_campaign_markup_survive():
    markup = (
        '<div class="campaign"><h2>Spring</h2><a href="https://example.com/spring" '
        'target="_blank">Shop</a></div>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" '
        'allowfullscreen=""></iframe>'
    )

    assert str(HTMLBlock().render(markup)) == (
        '<section class="html-block"><div class="campaign"><h2>Spring</h2>'
        '<a href="https://example.com/spring" target="_blank" rel="noopener noreferrer">Shop</a>'
        '</div><iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" '
        'allowfullscreen=""></iframe></section>\n'
    )


def test_a_value_stored_unsanitised_is_still_cleaned_when_rendered():
    block = HTMLBlock()
    value = block.to_python('<b>ok</b><img src=x onerror="alert(1)">')  # as loaded from the DB

    assert str(block.render(value)) == (
        '<section class="html-block"><b>ok</b><img src="x"></section>\n'
    )
