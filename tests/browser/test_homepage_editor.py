"""An editor changes the homepage hero in Wagtail: edit, live preview, publish, storefront."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_admin_login import log_in
from tests.fixtures.catalog import make_category, make_product
from tests.fixtures.images import make_image
from tests.home import builders as b

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "editor-browser-password"
AT_SLIDE = (
    "(t => Math.round(t.scrollLeft / t.clientWidth))(document.querySelector('.slider__track'))"
)


def test_editor_changes_previews_and_publishes_the_hero_heading(
    live_server, page, home_page, root_collection, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    b.publish_body(home_page, [b.hero("Autumn essentials", image=make_image("hero"))])

    page.goto(live_server.url + "/")
    expect(page.locator(".hero__heading")).to_have_text("Autumn essentials")

    log_in(page, live_server.url, "editor", PASSWORD)
    assert "/admin/login/" not in page.url, "login failed: still on the login page"
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[home_page.pk]))

    heading = page.locator("input[name='body-0-value-heading']")
    expect(heading).to_have_value("Autumn essentials")
    heading.fill("Winter is coming")

    # Live preview in the side panel: the draft's heading, before anything is saved.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator(".hero__heading")).to_have_text("Winter is coming", timeout=20_000)

    # Still the old heading for shoppers.
    shopper = page.context.new_page()
    shopper.goto(live_server.url + "/")
    expect(shopper.locator(".hero__heading")).to_have_text("Autumn essentials")

    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    shopper.reload()
    expect(shopper.locator(".hero__heading")).to_have_text("Winter is coming")
    shopper.close()


def test_the_slider_has_controls_keys_and_respects_reduced_motion(
    live_server, browser, home_page, root_collection, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = make_image("slide", size=(600, 250))
    slides = [b.slide(f"Slide {n}", image=picture, link=f"/s{n}/") for n in range(1, 4)]
    tents = make_category("Tents")
    for n in range(10):
        make_product(tents, name=f"Tent {n}", price="50.00", compare_at_price="60.00")
    carousel = b.product_section("On sale", "on_sale", limit=10, layout="carousel")
    b.publish_body(home_page, [b.slider(*slides, interval=30), carousel])

    for motion, initially in (("no-preference", "Pause"), ("reduce", "Play")):
        context = browser.new_context(reduced_motion=motion, viewport={"width": 800, "height": 700})
        page = context.new_page()
        page.goto(live_server.url + "/")
        expect(page.locator(".product-row .product-card")).to_have_count(10)
        # The carousel scrolls inside its row: the page itself never gets wider than the window.
        assert page.evaluate("document.documentElement.scrollWidth") == 800
        pause = page.locator("[data-slider-pause]")
        expect(pause).to_have_text(initially)  # reduced motion: never plays on its own
        expect(pause).to_have_attribute("aria-pressed", "true" if motion == "reduce" else "false")
        if motion == "no-preference":
            pause.click()
            expect(pause).to_have_text("Play")
            expect(pause).to_have_attribute("aria-pressed", "true")

        track = page.locator(".slider__track")
        track.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => {AT_SLIDE} === 1")
        page.get_by_role("button", name="Previous slide").click()
        page.wait_for_function(f"() => {AT_SLIDE} === 0")
        page.get_by_role("button", name="Previous slide").click()  # wraps around to the last
        page.wait_for_function(f"() => {AT_SLIDE} === 2")
        context.close()

    # Without JavaScript the slides are a plain row that scrolls, with no dead buttons.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator(".slider__controls")).to_be_hidden()
    expect(page.locator(".slide")).to_have_count(3)
    context.close()
