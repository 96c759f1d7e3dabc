"""Who may change raw markup: HTML blocks are added or edited only by users holding the
`home.edit_raw_html` permission (given to a group in Settings > Groups)."""

from collections.abc import Iterator

from wagtail import blocks

from home.blocks.html import RAW_HTML_PERMISSION, HTMLBlock
from home.sanitising import sanitise_html


def html_block_values(block: blocks.Block, value) -> Iterator[str]:
    """The (sanitised) markup of every HTML block inside a stream value, however nested."""
    if value is None:
        return
    if isinstance(block, HTMLBlock):
        yield str(sanitise_html(value))
    elif isinstance(block, blocks.BaseStreamBlock):
        for child in value:
            yield from html_block_values(child.block, child.value)
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child_block in block.child_blocks.items():
            yield from html_block_values(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from html_block_values(block.child_block, item)


def new_raw_html(stream_block: blocks.Block, before, after) -> list[str]:
    """Markup in `after` that `before` did not hold: added or changed HTML blocks. Moving or
    deleting a block adds nothing."""
    remaining = list(html_block_values(stream_block, before))
    added = []
    for markup in html_block_values(stream_block, after):
        if markup in remaining:
            remaining.remove(markup)
        else:
            added.append(markup)
    return added


def may_edit_raw_html(user) -> bool:
    return bool(user and user.has_perm(RAW_HTML_PERMISSION))
