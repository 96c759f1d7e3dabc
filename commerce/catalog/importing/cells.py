"""The one-cell syntax of the structured CSV columns (also accepted as strings in JSON).

attributes  colour=red,blue; size=m
images      images/ts-001.png|Linen shirt, front; images/ts-001-back.png
stock       central=12; north=0
options     size=m; colour=navy   (a variant's, column variant_options)
"""

from commerce.catalog.importing.problems import Invalid


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _pairs(text: str, *, shape: str) -> list[tuple[str, str]]:
    pairs = []
    for part in _parts(text):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise Invalid(f"'{part}' is not written {shape}")
        pairs.append((key.strip(), value.strip()))
    keys = [key for key, _ in pairs]
    if repeated := sorted({key for key in keys if keys.count(key) > 1}):
        raise Invalid(f"'{repeated[0]}' is given twice")
    return pairs


def parse_attributes_cell(text: str) -> dict[str, list[str]]:
    pairs = _pairs(text, shape="definition=option,option")
    return {
        key: [slug.strip() for slug in value.split(",") if slug.strip()] for key, value in pairs
    }


def parse_stock_cell(text: str) -> dict[str, str]:
    return dict(_pairs(text, shape="warehouse=quantity"))


def parse_images_cell(text: str) -> list[dict[str, str]]:
    images = []
    for part in _parts(text):
        path, _, alt = part.partition("|")
        images.append({"path": path.strip(), "alt": alt.strip()})
    return images


def parse_options_cell(text: str) -> dict[str, str]:
    """A variant's options: "size=m; colour=navy"."""
    return dict(_pairs(text, shape="attribute=option"))
