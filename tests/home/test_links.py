"""The one link block (home.blocks.links) and its URL rule (home.validators), on the homepage:
what an editor may type, and what a link whose target is gone or hidden renders."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commerce.catalog.models import ProductStatus
from home.models import HomePage
from home.validators import MESSAGE, validate_link
from tests.fixtures.catalog import make_product
from tests.fixtures.content import make_content_page
from tests.home import builders as b
from tests.home.admin_data import hero_form, homepage_form, link_form

pytestmark = pytest.mark.django_db

SAFE = [
    "/sale/",
    "/search/?q=trail%20shoes",
    "/",
    "https://example.com/gift",
    "http://example.com",
    "HTTPS://example.com/",
    "mailto:shop@example.com",
    "tel:+49301234",
]
UNSAFE = [
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "/sale/ ",
    "/sale/\x00",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:evil.example",
    "https:\\\\evil.example",
    "https://",
    "ftp://example.com/",
    "mailto:",
    "sale/",
    "example.com",
]


@pytest.mark.parametrize("url", SAFE)
def test_site_paths_web_addresses_mail_and_phone_links_are_accepted(url):
    validate_link(url)


@pytest.mark.parametrize("url", UNSAFE)
def test_other_sites_scripts_data_and_whitespace_tricks_are_refused(url):
    with pytest.raises(ValidationError) as refused:
        validate_link(url)

    assert refused.value.messages == [MESSAGE]


@pytest.fixture
def live_home(home_page, hero_picture):
    return b.publish_body(home_page, [b.hero("Sale", image=hero_picture)])


def test_a_protocol_relative_url_in_a_homepage_link_is_a_form_error(
    admin_client, client, live_home, hero_picture
):
    revisions = live_home.revisions.count()
    cta = link_form("Elsewhere", url="//evil.example")
    data = homepage_form(live_home, [hero_form("Changed", image=hero_picture, ctas=[cta])])

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[live_home.pk]), data)

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.text
    assert MESSAGE in response.text
    assert live_home.revisions.count() == revisions
    assert HomePage.objects.get(pk=live_home.pk).body[0].value["heading"] == "Sale"
    assert "evil.example" not in client.get("/").text


def hero_actions(client) -> str:
    html = client.get("/").text
    return html[html.index('<p class="hero__actions">') :].split("</p>", 1)[0]


def test_links_say_their_label_or_their_target_name(client, home_page, hero_picture, product):
    help_page = make_content_page(home_page, "Help")
    ctas = [b.link("", page=help_page), b.link("", product=product)]
    b.publish_body(home_page, [b.hero("Sale", image=hero_picture, ctas=ctas)])

    assert hero_actions(client) == (
        '<p class="hero__actions"><a class="button" href="/help/">Help</a>'
        f'<a class="button button--secondary" href="{product.get_absolute_url()}">Trail Runner</a>'
    )


def test_links_to_what_is_gone_or_hidden_render_nothing(
    client, home_page, hero_picture, category, product
):
    draft = make_content_page(home_page, "Draft", publish=False)
    hidden = make_product(category, name="Hidden", status=ProductStatus.HIDDEN)
    archived = make_product(category, name="Archived")
    ctas = [b.link("Draft", page=draft), b.link("Hidden", product=hidden)]
    section = b.product_section("New in")
    section["value"]["link"] = [b.link("Archived", product=archived)]
    b.publish_body(home_page, [b.hero("Sale", image=hero_picture, ctas=ctas), section])
    archived.delete()

    html = client.get("/").text

    assert 'class="hero__actions"' not in html
    assert 'class="product-section' in html and "section-head__link" not in html
    assert "Draft" not in html and "Hidden" not in html and "Archived" not in html


def test_an_unsafe_url_stored_before_the_rule_renders_no_link(client, home_page, hero_picture):
    ctas = [b.link("Elsewhere", url="//evil.example"), b.link("Sale", url="/sale/")]
    b.publish_body(home_page, [b.hero("Sale", image=hero_picture, ctas=ctas)])

    assert hero_actions(client) == (
        '<p class="hero__actions"><a class="button" href="/sale/">Sale</a>'
    )
