"""Content-Security-Policy: every storefront page sends a strict policy (no 'unsafe-inline'),
an inline script runs only with its response's own nonce, the environment switches report-only
mode and adds hosts, and the production settings send it too."""

import json
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path, reverse
from storages.backends.s3 import S3Storage

from storefront.page_cache import HEADER as PAGE_CACHE_HEADER
from storefront.settings.csp import media_sources
from storefront.settings.storage import media_storage
from tests.fixtures.cart import post_add
from tests.fixtures.checkout import ADDRESS_FORM
from tests.site.test_settings import PRODUCTION_ENV, run_manage

CSP = "Content-Security-Policy"
CSP_REPORT_ONLY = "Content-Security-Policy-Report-Only"
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def nonce_of(header: str) -> str | None:
    for source in directives(header)["script-src"]:
        if source.startswith("'nonce-"):
            return source.removeprefix("'nonce-").removesuffix("'")
    return None


class InlineScripts(HTMLParser):
    """The nonces of a page's inline scripts that a browser would run (JSON-LD is data)."""

    def __init__(self):
        super().__init__()
        self.nonces: list[str | None] = []
        self.data_blocks = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag != "script" or "src" in attributes:
            return
        if attributes.get("type") in DATA_SCRIPT_TYPES:
            self.data_blocks += 1
        else:
            self.nonces.append(attributes.get("nonce"))


def inline_scripts(response) -> InlineScripts:
    parser = InlineScripts()
    parser.feed(response.content.decode())
    return parser


def assert_strict_storefront_policy(response):
    assert response.status_code == 200
    policy = directives(response[CSP])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]  # media on local disk: our own origin
    assert CSP_REPORT_ONLY not in response
    # An inline script would need this response's nonce; the storefront has none at all.
    scripts = inline_scripts(response)
    assert scripts.nonces == []
    assert nonce_of(response[CSP]) is None
    return scripts


@pytest.mark.django_db
def test_storefront_pages_send_a_strict_policy(
    client, home_page, category, product, delivery_method, payment_method
):
    for url in ("/", category.get_absolute_url(), "/search/?q=trail"):
        assert_strict_storefront_policy(client.get(url))
    product_page = assert_strict_storefront_policy(client.get(product.get_absolute_url()))
    assert product_page.data_blocks == 2  # Product and BreadcrumbList JSON-LD, no nonce needed

    post_add(client, product)
    assert_strict_storefront_policy(client.get(reverse("cart:detail")))
    address = client.get(reverse("checkout:address"))
    assert_strict_storefront_policy(address)
    client.post(reverse("checkout:address"), ADDRESS_FORM)
    assert_strict_storefront_policy(client.get(reverse("checkout:delivery")))


def test_pages_served_by_the_page_cache_send_the_policy_too(settings, product):
    settings.PAGE_CACHE_SECONDS = 600
    url = product.get_absolute_url()
    Client().get(url)

    again = Client().get(url)

    assert again[PAGE_CACHE_HEADER] == "hit"
    assert_strict_storefront_policy(again)


@pytest.mark.django_db
def test_the_admin_gets_its_own_looser_policy_with_the_same_framing_rules(client):
    response = client.get("/admin/login/")

    policy = directives(response[CSP])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


# A page with an inline script that asks for the nonce, under a name the page cache would store.
INLINE = engines["django"].from_string(
    '<!doctype html><script nonce="{{ request.csp_nonce }}">document.title = "ok"</script>'
)
PLAIN = engines["django"].from_string("<!doctype html><p>nothing inline</p>")


def inline_script_page(request):
    return HttpResponse(INLINE.render(request=request))


def plain_page(request):
    return HttpResponse(PLAIN.render(request=request))


urlpatterns = [
    path("inline/", inline_script_page, name="wagtail_serve"),
    path("plain/", plain_page, name="wagtail_serve"),
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_inline_script_gets_a_fresh_nonce_in_every_response_even_with_the_page_cache(
    settings,
):
    settings.PAGE_CACHE_SECONDS = 600

    first, second = Client().get("/inline/"), Client().get("/inline/")

    nonces = []
    for response in (first, second):
        nonce = nonce_of(response[CSP])
        assert nonce and len(nonce) >= 22  # 16 random bytes, base64
        assert inline_scripts(response).nonces == [nonce]
        assert "'unsafe-inline'" not in directives(response[CSP])["script-src"]
        assert PAGE_CACHE_HEADER not in response  # never stored: its nonce would go stale
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    # The same kind of page without a nonce is cached as usual.
    Client().get("/plain/")
    assert Client().get("/plain/")[PAGE_CACHE_HEADER] == "hit"


def test_media_hosts_follow_the_storage_settings():
    assert media_sources() == []
    assert media_sources(media_url="https://static.shop.example/media/") == [
        "https://static.shop.example"
    ]
    assert media_sources(bucket="shop", cdn_domain="cdn.shop.example") == [
        "https://cdn.shop.example"
    ]
    assert media_sources(bucket="shop", endpoint_url="http://minio.internal:9000/") == [
        "http://minio.internal:9000"
    ]
    assert media_sources(bucket="shop", region="eu-central-1") == [
        "https://shop.s3.amazonaws.com",
        "https://shop.s3.eu-central-1.amazonaws.com",
    ]


@pytest.mark.parametrize(
    "options",
    [
        {"bucket": "shop", "cdn_domain": "cdn.shop.example"},
        {"bucket": "shop", "endpoint_url": "http://127.0.0.1:9000"},
        {"bucket": "shop", "region": "eu-central-1"},
        {"bucket": "shop"},
    ],
)
def test_the_media_hosts_cover_the_urls_the_storage_really_makes(monkeypatch, options):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    storage = S3Storage(**media_storage(**options)["OPTIONS"])

    url = storage.url("products/boot.jpg")

    assert any(url.startswith(source + "/") for source in media_sources(**options)), url


PRINT_HEADERS = """
import json
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from storefront.csp import CSPMiddleware
request = RequestFactory().get("/")
response = CSPMiddleware(lambda request: HttpResponse())(request)
names = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
headers = {name: response.get(name) for name in names}
print(json.dumps({"middleware": settings.MIDDLEWARE, "headers": headers}))
"""


def policy_headers(env: dict) -> dict:
    result = run_manage("shell", "-c", PRINT_HEADERS, env_overrides=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


TEST_ENV = {"DJANGO_SETTINGS_MODULE": "storefront.settings.test"}
REPORTING_ENV = {"CSP_REPORT_ONLY": "true", "CSP_REPORT_URI": "https://reports.example/csp"}
HOSTS_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "shop-media",
    "MEDIA_CDN_DOMAIN": "cdn.shop.example",
    "CSP_IMG_HOSTS": "https://img.partner.example",
    "CSP_FORM_ACTION_HOSTS": "https://pay.example",
    "CSP_FRAME_HOSTS": "https://www.youtube-nocookie.com",
}


def test_report_only_mode_and_report_uri_come_from_the_environment():
    enforced = policy_headers(TEST_ENV)["headers"]
    reporting = policy_headers({**TEST_ENV, **REPORTING_ENV})["headers"]

    assert enforced[CSP] and enforced[CSP_REPORT_ONLY] is None
    assert "report-uri" not in directives(enforced[CSP])
    assert reporting[CSP] is None
    policy = directives(reporting[CSP_REPORT_ONLY])
    assert policy["report-uri"] == ["https://reports.example/csp"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_hosts_from_the_environment_are_allowed_where_they_belong():
    policy = directives(policy_headers({**TEST_ENV, **HOSTS_ENV})["headers"][CSP])

    assert policy["img-src"] == [
        "'self'",
        "https://cdn.shop.example",
        "https://img.partner.example",
    ]
    assert policy["media-src"] == policy["img-src"]
    assert policy["form-action"] == ["'self'", "https://pay.example"]
    assert policy["frame-src"] == ["'self'", "https://www.youtube-nocookie.com"]
    assert policy["script-src"] == ["'self'"]


def test_production_settings_send_the_policy_outside_the_page_cache():
    production = policy_headers(PRODUCTION_ENV)

    middleware = production["middleware"]
    assert middleware.index("storefront.csp.CSPMiddleware") < middleware.index(
        "storefront.page_cache.PageCacheMiddleware"
    )
    policy = directives(production["headers"][CSP])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_check_deploy_stays_clean_with_the_policy_in_report_only_mode():
    env = {**PRODUCTION_ENV, **REPORTING_ENV, **HOSTS_ENV}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
