"""The demo shop's fixed vocabulary: category tree, attributes, warehouses and the words that
product names, descriptions and pictures are made of. Pure data, no logic."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TopCategory:
    slug: str
    name: str
    description: str
    colour: str  # background of its pictures
    adjectives: tuple[str, ...]
    brands: tuple[str, ...]
    blurbs: tuple[str, ...]  # one sentence each, formatted with name/material/brand


@dataclass(frozen=True)
class MiddleCategory:
    path: str
    name: str
    description: str


@dataclass(frozen=True)
class LeafCategory:
    path: str
    name: str
    description: str
    code: str  # SKU prefix
    nouns: tuple[str, ...]
    materials: tuple[str, ...]  # material option values
    colours: tuple[str, ...]  # colour option values
    sizes: tuple[str, ...]  # size option values; empty when sizes make no sense
    price_range: tuple[int, int]  # whole euros
    shape: str  # what drawing.py puts in its pictures
    size_run: bool = False  # sold in a run of sizes (S-XL), not one or two fixed sizes

    @property
    def top(self) -> str:
        return self.path.split("/")[0]


WAREHOUSES = (
    {"code": "central", "name": "Central warehouse", "priority": 1, "active": True},
    {"code": "north", "name": "North depot", "priority": 2, "active": True},
    {"code": "city-store", "name": "City store backroom", "priority": 3, "active": True},
)

COLOURS = {  # option value -> drawing colour
    "Black": "#222222",
    "White": "#f4f4f0",
    "Navy": "#1f3a5f",
    "Grey": "#8a8d91",
    "Sand": "#d8c3a0",
    "Olive": "#6b7036",
    "Forest green": "#2f5d3a",
    "Terracotta": "#c0603a",
    "Ochre": "#c99a2e",
    "Sky blue": "#6fa8d6",
    "Burgundy": "#7a2337",
    "Cream": "#efe6cf",
    "Sage": "#9caf88",
    "Charcoal": "#3b3f44",
    "Rust": "#a8461f",
}

TOP_CATEGORIES = (
    TopCategory(
        slug="clothing",
        name="Clothing",
        description="Everyday clothes made to last, for men and women.",
        colour="#e9dccb",
        adjectives=("Classic", "Relaxed", "Slim", "Everyday", "Heritage", "Weekend", "Washed"),
        brands=("Harbour & Pine", "Linnea", "Fieldwork"),
        blurbs=(
            "A wardrobe staple from {brand}, cut for comfort and made from {material}.",
            "This {noun} is designed to be worn often and washed easily.",
            "Soft {material} that gets better with every wash.",
            "Pair it with jeans on the weekend or dress it up for the office.",
        ),
    ),
    TopCategory(
        slug="home",
        name="Home",
        description="Kitchen and living essentials with a calm, natural look.",
        colour="#dfe7e1",
        adjectives=(
            "Nordic",
            "Rustic",
            "Modern",
            "Hand-finished",
            "Compact",
            "Studio",
            "Essential",
        ),
        brands=("Hearth & Co", "Kiln Studio", "Copperleaf"),
        blurbs=(
            "Made by {brand} in {material}, built for daily use.",
            "This {noun} brings a quiet, natural touch to any room.",
            "Easy to care for and designed to last for years.",
            "A thoughtful gift for a new home.",
        ),
    ),
    TopCategory(
        slug="outdoor",
        name="Outdoor",
        description="Gear for camping trips and long days on the trail.",
        colour="#e3e6d3",
        adjectives=("Ultralight", "Alpine", "Trail", "Expedition", "All-season", "Packable"),
        brands=("Fjellbrook", "Ridgeway", "Northwind Gear"),
        blurbs=(
            "Field-tested by {brand} in wind, rain and snow.",
            "This {noun} packs small and sets up fast.",
            "Durable {material} that shrugs off rough weather.",
            "Backed by a lifetime repair service.",
        ),
    ),
)

MIDDLE_CATEGORIES = (
    MiddleCategory("clothing/men", "Men", "Shirts and knitwear for men."),
    MiddleCategory("clothing/women", "Women", "Dresses and jackets for women."),
    MiddleCategory("home/kitchen", "Kitchen", "Pans, pots and everything for the table."),
    MiddleCategory("home/living", "Living", "Lighting and soft furnishings."),
    MiddleCategory("outdoor/camping", "Camping", "Shelter and sleep under the stars."),
    MiddleCategory("outdoor/hiking", "Hiking", "Packs and boots for the trail."),
)

CLOTHING_SIZES = ("XS", "S", "M", "L", "XL")

LEAF_CATEGORIES = (
    LeafCategory(
        "clothing/men/shirts",
        "Shirts",
        "Button-down, flannel and linen shirts.",
        "SHI",
        nouns=("shirt", "overshirt", "Oxford shirt", "camp-collar shirt"),
        materials=("Organic cotton", "Linen", "Flannel", "Chambray"),
        colours=("White", "Navy", "Sky blue", "Olive", "Sand"),
        sizes=CLOTHING_SIZES,
        price_range=(29, 89),
        shape="shirt",
        size_run=True,
    ),
    LeafCategory(
        "clothing/men/knitwear",
        "Knitwear",
        "Jumpers and cardigans for cold days.",
        "KNI",
        nouns=("jumper", "cardigan", "crew-neck sweater", "roll-neck"),
        materials=("Merino wool", "Cashmere", "Lambswool", "Organic cotton"),
        colours=("Charcoal", "Navy", "Burgundy", "Cream", "Forest green"),
        sizes=CLOTHING_SIZES,
        price_range=(49, 179),
        shape="circle",
        size_run=True,
    ),
    LeafCategory(
        "clothing/women/dresses",
        "Dresses",
        "Dresses for every season.",
        "DRE",
        nouns=("wrap dress", "midi dress", "shirt dress", "slip dress"),
        materials=("Linen", "Silk", "Viscose", "Organic cotton"),
        colours=("Black", "Terracotta", "Sage", "Navy", "Ochre"),
        sizes=CLOTHING_SIZES,
        price_range=(45, 159),
        shape="triangle",
        size_run=True,
    ),
    LeafCategory(
        "clothing/women/jackets",
        "Jackets",
        "Coats and jackets against wind and rain.",
        "JAC",
        nouns=("jacket", "field jacket", "trench coat", "quilted jacket"),
        materials=("Waxed cotton", "Wool", "Denim", "Recycled nylon"),
        colours=("Olive", "Black", "Sand", "Navy", "Rust"),
        sizes=CLOTHING_SIZES,
        price_range=(79, 249),
        shape="shirt",
        size_run=True,
    ),
    LeafCategory(
        "home/kitchen/cookware",
        "Cookware",
        "Pans and pots for everyday cooking.",
        "COO",
        nouns=("frying pan", "casserole", "saucepan", "skillet", "wok"),
        materials=("Stainless steel", "Cast iron", "Copper", "Carbon steel"),
        colours=("Black", "Cream", "Burgundy", "Sage"),
        sizes=("20 cm", "24 cm", "28 cm"),
        price_range=(24, 189),
        shape="circle",
    ),
    LeafCategory(
        "home/kitchen/tableware",
        "Tableware",
        "Plates, bowls and mugs.",
        "TAB",
        nouns=("dinner plate", "serving bowl", "mug", "side plate", "pasta bowl"),
        materials=("Stoneware", "Porcelain", "Glass"),
        colours=("White", "Sand", "Sky blue", "Charcoal", "Sage"),
        sizes=(),
        price_range=(9, 59),
        shape="ring",
    ),
    LeafCategory(
        "home/living/lighting",
        "Lighting",
        "Lamps to make evenings warmer.",
        "LIG",
        nouns=("table lamp", "floor lamp", "pendant light", "wall light"),
        materials=("Brass", "Oak", "Glass", "Ceramic"),
        colours=("Black", "White", "Ochre", "Forest green"),
        sizes=(),
        price_range=(39, 299),
        shape="lamp",
    ),
    LeafCategory(
        "home/living/cushions-throws",
        "Cushions & throws",
        "Soft things for sofas and beds.",
        "CUS",
        nouns=("cushion cover", "throw", "blanket", "floor cushion"),
        materials=("Linen", "Wool", "Velvet", "Organic cotton"),
        colours=("Terracotta", "Cream", "Sage", "Burgundy", "Grey"),
        sizes=("40 x 40 cm", "50 x 50 cm", "130 x 170 cm"),
        price_range=(19, 129),
        shape="square",
    ),
    LeafCategory(
        "outdoor/camping/tents",
        "Tents",
        "Tents for one night or a whole summer.",
        "TEN",
        nouns=("dome tent", "tunnel tent", "backpacking tent", "family tent"),
        materials=("Ripstop nylon", "Polyester", "Cotton canvas"),
        colours=("Forest green", "Olive", "Ochre", "Grey"),
        sizes=("1-person", "2-person", "3-person", "4-person"),
        price_range=(89, 549),
        shape="triangle",
    ),
    LeafCategory(
        "outdoor/camping/sleeping-bags",
        "Sleeping bags",
        "Warm nights outside.",
        "SLE",
        nouns=("sleeping bag", "mummy bag", "quilt", "sleeping bag liner"),
        materials=("Goose down", "Synthetic fill", "Merino wool"),
        colours=("Navy", "Rust", "Olive", "Charcoal"),
        sizes=("Regular", "Long"),
        price_range=(39, 399),
        shape="capsule",
    ),
    LeafCategory(
        "outdoor/hiking/backpacks",
        "Backpacks",
        "Daypacks and trekking packs.",
        "BAC",
        nouns=("daypack", "trekking pack", "rolltop pack", "hip pack"),
        materials=("Recycled nylon", "Waxed canvas", "Ballistic nylon"),
        colours=("Black", "Olive", "Rust", "Sky blue", "Grey"),
        sizes=("20 l", "30 l", "45 l", "60 l"),
        price_range=(29, 259),
        shape="square",
    ),
    LeafCategory(
        "outdoor/hiking/footwear",
        "Footwear",
        "Boots and shoes for the trail.",
        "FOO",
        nouns=("hiking boot", "trail shoe", "approach shoe", "walking boot"),
        materials=("Leather", "Suede", "Recycled mesh"),
        colours=("Charcoal", "Sand", "Rust", "Forest green"),
        sizes=("EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44", "EU 45"),
        price_range=(69, 239),
        shape="hexagon",
        size_run=True,
    ),
)


@dataclass(frozen=True)
class AttributeSpec:
    slug: str
    name: str
    filterable: bool
    shown_on_cards: bool


ATTRIBUTES = (
    AttributeSpec("colour", "Colour", filterable=True, shown_on_cards=False),
    AttributeSpec("size", "Size", filterable=True, shown_on_cards=False),
    AttributeSpec("material", "Material", filterable=True, shown_on_cards=True),
    AttributeSpec("brand", "Brand", filterable=False, shown_on_cards=True),
)

CARE_NOTES = (
    "Free returns within 30 days.",
    "Ships within two working days.",
    "Every order is packed in recycled cardboard.",
    "Covered by a two-year guarantee.",
)
