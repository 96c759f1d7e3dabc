"""The homepage's section blocks, one module each; `HomeBodyBlock` is the page's stream."""

from home.blocks.html import RAW_HTML_PERMISSION, HTMLBlock

__all__ = ["RAW_HTML_PERMISSION", "HTMLBlock"]
