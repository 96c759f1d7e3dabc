"""Only members of a group with `home.edit_raw_html` may add or change HTML blocks; the form
refuses anyone else with a clear error and saves nothing."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from home.models import HomePage
from tests.home import builders as b
from tests.home.admin_data import PUBLISH, hero_form, homepage_form, html_form


@pytest.fixture
def page(home_page, hero_picture):
    return b.publish_body(
        home_page, [b.hero("Welcome", image=hero_picture), b.html("<p>Existing embed</p>")]
    )


@pytest.fixture
def editor(django_user_model):
    """A page editor who may publish (Wagtail's Moderators group), without the raw HTML
    permission."""
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def edit(client, user, page, blocks):
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        homepage_form(page, blocks, **PUBLISH),
    )


def revisions(page) -> int:
    return HomePage.objects.get(pk=page.pk).revisions.count()


@pytest.mark.parametrize(
    "html_blocks",
    [
        [html_form("<p>Existing embed</p>"), html_form("<p>Brand new markup</p>")],  # added
        [html_form("<p>Existing embed, changed</p>")],  # changed
    ],
    ids=["added", "changed"],
)
def test_an_editor_without_the_permission_cannot_add_or_change_html(
    client, editor, page, hero_picture, html_blocks
):
    before = revisions(page)

    response = edit(
        client, editor, page, [hero_form("Welcome back", image=hero_picture), *html_blocks]
    )

    assert response.status_code == 200
    assert "Only editors allowed to edit raw HTML may add or change an HTML block" in (
        response.content.decode()
    )
    assert revisions(page) == before  # nothing saved, not even the heading
    assert "Welcome back" not in client.get("/").content.decode()


def test_an_editor_without_the_permission_may_edit_around_or_remove_html(
    client, editor, page, hero_picture
):
    response = edit(
        client,
        editor,
        page,
        [html_form("<p>Existing embed</p>"), hero_form("Moved below", image=hero_picture)],
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert html.index("Existing embed") < html.index("Moved below")

    response = edit(client, editor, page, [hero_form("No embed", image=hero_picture)])
    assert response.status_code == 302
    assert "Existing embed" not in client.get("/").content.decode()


def test_a_member_of_html_editors_may_add_html_which_is_sanitised(
    client, editor, page, hero_picture
):
    editor.groups.add(Group.objects.get(name="HTML editors"))

    response = edit(
        client,
        editor,
        page,
        [
            hero_form("Welcome", image=hero_picture),
            html_form('<p>Campaign</p><script>steal()</script><img src="/x.png" onerror="x()">'),
        ],
    )

    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<section class="html-block"><p>Campaign</p><img src="/x.png"></section>' in html
    assert "steal()" not in html and "onerror" not in html
    stored = HomePage.objects.get(pk=page.pk).body.raw_data[1]["value"]
    assert stored == '<p>Campaign</p><img src="/x.png">'  # cleaned before it was stored
