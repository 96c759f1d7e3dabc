"""With JavaScript, the product page's picture follows the colour chosen: each colour variant
has its own picture in the gallery (commerce.catalog.picker maps a variant to its slide), and
choosing the colour, or opening a shared `?variant=` link, scrolls the gallery to it.

Without JavaScript the server does not reorder the gallery for `?variant=` (the gallery is
rendered once per catalog generation, the same for every choice), so there is nothing of the
kind to test there: the thumbnails link to each slide."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from commerce.catalog.models import ProductImage
from tests.browser.audit_pages import serving_media
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_variants,
    make_warehouse,
    set_stock,
)
from tests.fixtures.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The alt text of the slide the gallery's strip shows (its left edge at the strip's).
SHOWN_PICTURE = """() => {
  const strip = document.querySelector('.gallery__slides');
  const left = strip.getBoundingClientRect().left;
  const slide = [...strip.children].find(
    (s) => Math.abs(s.getBoundingClientRect().left - left) < 2);
  return slide ? slide.querySelector('img').alt : null;
}"""


@pytest.fixture
def tee(home_page, root_collection, settings, tmp_path):
    """A tee whose gallery is front, navy, red; M and L in Navy show the navy picture, M in Red
    the red one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    product = make_product(make_category("Shirts"), name="Cotton Tee", price="20.00", sku="TEE")
    pictures = {}
    for position, (name, fill) in enumerate(
        [("front", "#dddddd"), ("navy", "#000080"), ("red", "#cc0000")]
    ):
        pictures[name] = make_image(f"Tee {name}", fill, size=(480, 480))
        ProductImage.objects.create(
            product=product,
            image=pictures[name],
            alt_text=f"Cotton Tee, {name}",
            sort_order=position,
        )
    size = make_attribute("Size", ["M", "L"], position=1)
    colour = make_attribute("Colour", ["Navy", "Red"], position=2)
    variants = make_variants(product, [size, colour], [("M", "Navy"), ("L", "Navy"), ("M", "Red")])
    main = make_warehouse("main")
    for sku, variant in variants.items():
        variant.image = pictures["red" if sku.endswith("-RED") else "navy"]
        variant.save()
        set_stock(variant, main, 5)
    return product


def open_page(browser, live_server, settings, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = serving_media(context, live_server.url, settings.MEDIA_ROOT).new_page()
    page.set_default_timeout(15_000)
    return page


def expect_picture(page, alt: str) -> None:
    """Wait until the gallery shows the picture `alt` (it scrolls smoothly)."""
    try:
        page.wait_for_function(f"(alt) => ({SHOWN_PICTURE})() === alt", arg=alt, timeout=5_000)
    except PlaywrightError:
        shown = page.evaluate(SHOWN_PICTURE)
        raise AssertionError(f"the gallery shows {shown!r}, not {alt!r}") from None


def choose(page, group, value):
    page.get_by_role("group", name=group).get_by_role("radio", name=value, exact=True).check()


# A phone; a laptop; a full-HD screen, where the centred page leaves a wide margin left of the
# gallery (a slide's offsetLeft counted from the page, not the gallery, once chose the wrong one)
@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900), (1920, 1080)])
def test_choosing_a_colour_shows_its_picture(live_server, browser, tee, settings, width, height):
    page = open_page(browser, live_server, settings, width, height)
    try:
        page.goto(live_server.url + tee.get_absolute_url())
        expect_picture(page, "Cotton Tee, front")  # nothing chosen yet

        choose(page, "Size", "M")
        choose(page, "Colour", "Red")
        expect(page.locator("[data-variant-sku]")).to_have_text("TEE-M-RED")
        expect_picture(page, "Cotton Tee, red")

        choose(page, "Colour", "Navy")
        expect(page.locator("[data-variant-sku]")).to_have_text("TEE-M-NAVY")
        expect_picture(page, "Cotton Tee, navy")
    finally:
        page.context.close()


def test_a_shared_link_opens_on_the_chosen_colours_picture(live_server, browser, tee, settings):
    page = open_page(browser, live_server, settings, 1920, 1080)
    try:
        page.goto(live_server.url + tee.get_absolute_url() + "?variant=TEE-L-NAVY")
        expect(page.get_by_role("radio", name="L", exact=True)).to_be_checked()
        expect(page.get_by_role("radio", name="Navy", exact=True)).to_be_checked()
        expect_picture(page, "Cotton Tee, navy")
    finally:
        page.context.close()
