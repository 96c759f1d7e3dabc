"""The HomePage type, checked with Wagtail's page test case."""

from unittest import mock

from django.conf import settings
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase, page_tests

from home.models import Banner, HomePage
from tests.fixtures.images import make_image
from tests.home import builders as b
from tests.home.admin_data import hero_form, homepage_form, html_form


class HomePageTypeTests(WagtailPageTestCase):
    def setUp(self):
        # Wagtail's assertions log in through the first authentication backend, which here is
        # the login-lockout check (it authenticates nobody); use the one that loads users.
        backend = mock.patch.object(
            page_tests, "AUTH_BACKEND", settings.AUTHENTICATION_BACKENDS[-1]
        )
        backend.start()
        self.addCleanup(backend.stop)
        self.home = HomePage.objects.get()
        self.picture = make_image("hero")
        b.publish_body(
            self.home,
            [
                b.hero("Welcome", image=self.picture),
                b.product_section("New in"),
                b.html("<p>Note</p><script>x()</script>"),
            ],
        )
        self.client.force_login(
            self.create_superuser("editor"), settings.AUTHENTICATION_BACKENDS[-1]
        )

    def test_only_one_homepage_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_it_renders_and_previews(self):
        self.assertPageIsRenderable(self.home)
        # The StreamField's inputs are drawn by JavaScript: the form data comes from the test.
        data = homepage_form(
            self.home, [hero_form("Welcome", image=self.picture), html_form("<p>Note</p>")]
        )
        self.assertPageIsPreviewable(self.home, post_data=data)
        self.assertPageIsEditable(self.home, post_data=data)

    def test_the_admin_screens_for_banners_open(self):
        b.make_banner(self.picture, name="Spring")
        banner = Banner.objects.get()
        for action, args in (("list", []), ("add", []), ("edit", [banner.pk])):
            url = reverse(Banner.snippet_viewset.get_url_name(action), args=args)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
        chooser = reverse(Banner.snippet_viewset.chooser_viewset.get_url_name("choose"))
        self.assertContains(self.client.get(chooser), "Spring")
