"""Deterministic demo products. Product number `i` always gets the same SKU, name, price,
status, stock and pictures, whatever the total: a smaller demo is a prefix of the full one, and
a re-run updates the same SKUs instead of inventing new ones."""

import math
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import product as combinations

from django.utils.html import escape
from django.utils.text import slugify

from commerce.demo.vocabulary import (
    CARE_NOTES,
    LEAF_CATEGORIES,
    TOP_CATEGORIES,
    WAREHOUSES,
    LeafCategory,
    TopCategory,
)

SEED = "storefront-demo"
VIEWS = ("", ", side view", ", close-up")

# Every Nth product has a trait; the moduli are coprime with each other and with the 12 leaf
# categories, so traits spread over all categories and never line up with each other.
STATUS_EVERY, DISABLED_AT, HIDDEN_AT = 17, 5, 11
STOCK_EVERY, OUT_AT, LOW_AT = 11, 3, 7
SALE_EVERY, SALE_AT = 5, 2


@dataclass(frozen=True)
class Picture:
    filename: str
    alt: str
    colour: str  # colour option value
    variant: int


@dataclass(frozen=True)
class DemoVariant:
    sku: str
    options: dict[str, str]  # definition slug -> option value
    stock: dict[str, int]
    price: Decimal | None = None  # None: the product's
    picture: str | None = None  # the file name of its colour's picture


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    leaf: LeafCategory
    top: TopCategory
    status: str
    price: Decimal
    compare_at_price: Decimal | None
    description: str
    attributes: dict[str, list[str]]  # definition slug -> option values
    stock: dict[str, int]  # the product's total per warehouse (its variants' sum)
    pictures: tuple[Picture, ...]
    variants: tuple[DemoVariant, ...] = ()  # clothing and shoes: sizes (and some colours)


def demo_products(count: int) -> list[DemoProduct]:
    """The first `count` demo products, spread round-robin over the leaf categories."""
    return [demo_product(index) for index in range(count)]


def demo_product(index: int) -> DemoProduct:
    leaf = LEAF_CATEGORIES[index % len(LEAF_CATEGORIES)]
    number = index // len(LEAF_CATEGORIES) + 1
    top = next(top for top in TOP_CATEGORIES if top.slug == leaf.top)
    sku = f"{leaf.code}-{number:03d}"
    rng = random.Random(f"{SEED}:{sku}")
    adjective, material, noun = _name_parts(leaf, top, number)
    name = f"{adjective} {material.lower()} {noun}"
    brand = rng.choice(top.brands)
    colours = sorted(
        rng.sample(leaf.colours, k=rng.randint(1, 3 if leaf.top == "clothing" else 2)),
        key=leaf.colours.index,
    )
    price = _price(rng, leaf.price_range)
    on_sale = index % SALE_EVERY == SALE_AT
    # Drawn from `rng` in this order (the demo's values depend on it).
    compare_at_price = _compare_at(rng, price) if on_sale else None
    description = _description(rng, top, noun=noun, material=material, brand=brand)
    sizes = _sizes(rng, leaf)
    stock = _stock(rng, index)
    pictures = _pictures(rng, sku, name, colours)
    return DemoProduct(
        sku=sku,
        name=name,
        leaf=leaf,
        top=top,
        status=_status(index),
        price=price,
        compare_at_price=compare_at_price,
        description=description,
        attributes={
            "colour": colours,
            "size": sizes,
            "material": [material],
            "brand": [brand],
        },
        stock=stock,
        pictures=pictures,
        variants=_variants(sku, leaf, index, sizes, colours, stock, pictures, price, on_sale),
    )


def _variants(sku, leaf, index, sizes, colours, stock, pictures, price, on_sale):
    """Products sold in a run of sizes (clothing, shoes) have a variant per size, and clothing
    in several colours one per size and colour. The product's stock is shared out over them
    (totals unchanged); every third such product has one combination sold out, and clothing's
    largest size costs 5.00 more (when not on sale), so cards show "from" prices."""
    if not leaf.size_run or not sizes:
        return ()
    rng = random.Random(f"{SEED}:{sku}:variants")
    shades = colours if leaf.top == "clothing" and len(colours) > 1 else [None]
    combos = [(size, colour) for colour in shades for size in sizes]
    sold_out = rng.randrange(len(combos)) if index % 3 == 0 and len(combos) > 1 else None
    receivers = [number for number in range(len(combos)) if number != sold_out]
    shares = [dict.fromkeys(stock, 0) for _ in combos]
    for code, quantity in stock.items():
        for _ in range(quantity):
            shares[rng.choice(receivers)][code] += 1
    picture_of = {}
    for picture in pictures:
        picture_of.setdefault(picture.colour, picture.filename)
    dearer = leaf.top == "clothing" and not on_sale
    return tuple(
        DemoVariant(
            sku="-".join([sku, *(option_slug(v) for v in (size, colour) if v)]).upper(),
            options={"size": size, **({"colour": colour} if colour else {})},
            stock=share,
            price=price + 5 if dearer and size == sizes[-1] and len(sizes) > 1 else None,
            picture=picture_of.get(colour) if colour else None,
        )
        for (size, colour), share in zip(combos, shares, strict=True)
    )


def option_slug(value: str) -> str:
    """The option slug for a value: "EU 42" -> "eu-42", "Sky blue" -> "sky-blue"."""
    return slugify(value)


def _name_parts(leaf: LeafCategory, top: TopCategory, number: int) -> tuple[str, str, str]:
    """The `number`th of the leaf's adjective/material/noun combinations, in a fixed shuffle."""
    names = list(combinations(top.adjectives, leaf.materials, leaf.nouns))
    random.Random(f"{SEED}:{leaf.code}").shuffle(names)
    adjective, material, noun = names[(number - 1) % len(names)]
    rounds = (number - 1) // len(names)
    return (adjective, material, f"{noun} {rounds + 1}" if rounds else noun)


def _status(index: int) -> str:
    position = index % STATUS_EVERY
    return {DISABLED_AT: "disabled", HIDDEN_AT: "hidden"}.get(position, "active")


def _price(rng: random.Random, price_range: tuple[int, int]) -> Decimal:
    euros = rng.randint(*price_range)
    return Decimal(f"{euros}.{rng.choice(('00', '50', '90', '90'))}")


def _compare_at(rng: random.Random, price: Decimal) -> Decimal:
    """A believable former price: 20-50 % higher, in whole euros."""
    factor = rng.choice((1.2, 1.25, 1.3, 1.4, 1.5))
    return Decimal(math.ceil(float(price) * factor))


def _sizes(rng: random.Random, leaf: LeafCategory) -> list[str]:
    """A run of sizes without the extremes now and then (S-XL), or one or two sizes."""
    sizes = list(leaf.sizes)
    if leaf.size_run:
        trim = len(sizes) // 4
        return sizes[rng.randint(0, trim) : len(sizes) - rng.randint(0, trim)]
    return sorted(rng.sample(sizes, k=min(len(sizes), rng.randint(1, 2))), key=sizes.index)


def _stock(rng: random.Random, index: int) -> dict[str, int]:
    """All warehouses, always: in stock (more than 5 in total), low (1-5) or out (0)."""
    codes = [warehouse["code"] for warehouse in WAREHOUSES]
    stock = dict.fromkeys(codes, 0)
    position = index % STOCK_EVERY
    if position == LOW_AT:
        stock[rng.choice(codes)] = rng.randint(1, 5)
    elif position != OUT_AT:
        stock[codes[0]] = rng.randint(6, 60)
        stock[codes[1]] = rng.randint(0, 30)
        stock[codes[2]] = rng.choice((0, 0, rng.randint(1, 12)))
    return stock


def _description(rng: random.Random, top: TopCategory, **words: str) -> str:
    words = {key: escape(value) for key, value in words.items()}
    words["material"] = words["material"].lower()
    first, second = rng.sample(top.blurbs, k=2)
    return (
        f"<p>{first.format(**words)} {second.format(**words)}</p>"
        f"<p>{escape(rng.choice(CARE_NOTES))}</p>"
    )


def _pictures(rng: random.Random, sku: str, name: str, colours: list[str]) -> tuple[Picture, ...]:
    count = rng.choices((1, 2, 3), weights=(40, 35, 25))[0]
    pictures = []
    for number in range(count):
        colour = colours[number % len(colours)]
        variant = 0 if number < len(colours) else number
        pictures.append(
            Picture(
                filename=f"{sku.lower()}-{number + 1}.jpg",
                alt=f"{name} in {colour.lower()}{VIEWS[variant]}",
                colour=colour,
                variant=variant,
            )
        )
    return tuple(pictures)
