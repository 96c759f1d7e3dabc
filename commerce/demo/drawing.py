"""Product and category pictures drawn with Pillow: a tinted background, a simple shape in the
product's colour, its initials and a caption. Local and deterministic, so the demo needs no
downloads and gives the same files every run."""

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SHAPES = ("circle", "ring", "square", "triangle", "hexagon", "capsule", "shirt", "lamp")


def initials(name: str, limit: int = 3) -> str:
    """ "Relaxed linen Oxford shirt" -> "RLO": the first letters of the first words."""
    letters = [word[0] for word in name.replace("-", " ").split() if word[0].isalnum()]
    return "".join(letters[:limit]).upper()


def draw_picture(
    path: Path,
    *,
    size: int,
    background: str,
    colour: str,
    shape: str,
    label: str,
    caption: str = "",
    variant: int = 0,
) -> Path:
    """Write a square picture to `path` (format from its suffix) and return the path.

    `variant` 0 is the centred "front" view, 1 a smaller offset "side" view, 2 a close-up.
    """
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    scale, centre = _layout(size, variant)
    _draw_shape(draw, shape, centre, scale, colour)
    _draw_label(draw, label, centre, scale, colour, shape)
    if caption:
        font = _font(max(10, size // 22))
        draw.text((size / 2, size * 0.94), caption, fill="#4a4a4a", font=font, anchor="ms")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, quality=88)
    else:
        image.save(path, compress_level=1)
    return path


def _layout(size: int, variant: int) -> tuple[float, tuple[float, float]]:
    """Half-width of the shape and its centre for a view."""
    if variant == 1:
        return size * 0.26, (size * 0.56, size * 0.46)
    if variant == 2:
        return size * 0.42, (size * 0.5, size * 0.47)
    return size * 0.34, (size * 0.5, size * 0.47)


def _draw_shape(draw: ImageDraw.ImageDraw, shape: str, centre, r: float, colour: str) -> None:
    x, y = centre
    outline, width = darker(colour), max(2, int(r / 40))
    style = {"fill": colour, "outline": outline, "width": width}
    if shape == "circle":
        draw.ellipse((x - r, y - r, x + r, y + r), **style)
    elif shape == "ring":
        draw.ellipse((x - r, y - r, x + r, y + r), **style)
        inner = r * 0.55
        draw.ellipse((x - inner, y - inner, x + inner, y + inner), outline=outline, width=width)
    elif shape == "square":
        draw.rounded_rectangle((x - r, y - r, x + r, y + r), radius=r * 0.18, **style)
    elif shape == "capsule":
        draw.rounded_rectangle((x - r, y - r * 0.6, x + r, y + r * 0.6), radius=r * 0.6, **style)
    elif shape == "triangle":
        draw.polygon(
            [(x, y - r), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)],
            fill=colour,
            outline=outline,
            width=width,
        )
    elif shape == "hexagon":
        draw.regular_polygon((x, y, r), 6, fill=colour, outline=outline, width=width)
    elif shape == "shirt":
        points = [(-0.45, -0.9), (-1.0, -0.45), (-0.75, -0.1), (-0.55, -0.3), (-0.55, 0.9),
                  (0.55, 0.9), (0.55, -0.3), (0.75, -0.1), (1.0, -0.45), (0.45, -0.9),
                  (0.2, -0.75), (-0.2, -0.75)]  # fmt: skip
        draw.polygon(
            [(x + px * r, y + py * r) for px, py in points],
            fill=colour,
            outline=outline,
            width=width,
        )
    elif shape == "lamp":
        shade = [(x - r * 0.35, y - r), (x + r * 0.35, y - r), (x + r * 0.7, y - r * 0.2),
                 (x - r * 0.7, y - r * 0.2)]  # fmt: skip
        draw.polygon(shade, fill=colour, outline=outline, width=width)
        draw.rectangle((x - r * 0.06, y - r * 0.2, x + r * 0.06, y + r * 0.75), fill=outline)
        draw.rounded_rectangle(
            (x - r * 0.45, y + r * 0.75, x + r * 0.45, y + r * 0.95), radius=r * 0.08, **style
        )
    else:
        raise ValueError(f"Unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")


# Where the label sits on shapes that are not round (offset and font size, as parts of r).
LABEL_PLACES = {"shirt": (0.2, 0.36), "lamp": (-0.6, 0.28), "triangle": (0.3, 0.45)}


def _draw_label(
    draw: ImageDraw.ImageDraw, label: str, centre, r: float, colour: str, shape: str
) -> None:
    offset, font_size = LABEL_PLACES.get(shape, (0, 0.55))
    x, y = centre[0], centre[1] + offset * r
    font = _font(max(8, int(r * font_size)))
    fill = "#222222" if _luminance(colour) > 0.55 else "#ffffff"
    draw.text((x, y), label, fill=fill, font=font, anchor="mm")


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font: the same on every machine, no system fonts needed."""
    return ImageFont.load_default(size=size)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: str) -> float:
    red, green, blue = _rgb(colour)
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def darker(colour: str, factor: float = 0.7) -> str:
    return "#" + "".join(f"{int(channel * factor):02x}" for channel in _rgb(colour))
