import pytest
from django.core.exceptions import ValidationError

from commerce.catalog.models import Category
from tests.fixtures.catalog import make_category

pytestmark = pytest.mark.django_db


def test_path_follows_parents():
    shoes = make_category("Shoes")
    running = make_category("Running", parent=shoes)
    trail = make_category("Trail", parent=running)

    assert (shoes.path, running.path, trail.path) == (
        "shoes",
        "shoes/running",
        "shoes/running/trail",
    )
    assert trail.depth == 2
    assert trail.get_absolute_url() == "/categories/shoes/running/trail/"


def test_moving_a_category_moves_its_descendants():
    shoes = make_category("Shoes")
    sport = make_category("Sport")
    running = make_category("Running", parent=shoes)
    make_category("Trail", parent=running)

    running.parent = sport
    running.save()

    assert Category.objects.get(slug="trail").path == "sport/running/trail"
    assert Category.objects.get(slug="trail").depth == 2


def test_renaming_a_slug_rewrites_descendant_paths():
    shoes = make_category("Shoes")
    make_category("Running", parent=shoes)

    shoes.slug = "footwear"
    shoes.save()

    assert Category.objects.get(slug="running").path == "footwear/running"


def test_subtree_contains_the_category_and_descendants_only():
    shoes = make_category("Shoes")
    running = make_category("Running", parent=shoes)
    make_category("Shoes-extra", slug="shoes-extra")

    subtree = Category.objects.subtree_of(shoes)

    assert set(subtree.values_list("slug", flat=True)) == {"shoes", "running"}
    assert list(Category.objects.subtree_of(running)) == [running]


def test_a_category_cannot_become_its_own_descendant():
    shoes = make_category("Shoes")
    running = make_category("Running", parent=shoes)

    shoes.parent = running
    with pytest.raises(ValidationError) as error:
        shoes.full_clean()
    assert "parent" in error.value.message_dict


def test_sibling_slugs_must_differ():
    shoes = make_category("Shoes")
    make_category("Running", parent=shoes)
    duplicate = Category(name="Running again", slug="running", parent=shoes)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict


def test_breadcrumb_trail_is_root_first(django_assert_num_queries):
    shoes = make_category("Shoes")
    running = make_category("Running", parent=shoes)
    trail = make_category("Trail", parent=running)

    with django_assert_num_queries(1):
        crumbs = trail.ancestors_and_self()

    assert [crumb.name for crumb in crumbs] == ["Shoes", "Running", "Trail"]


def test_a_path_longer_than_the_limit_is_a_form_error():
    moved = make_category("B", slug="b" * 100)
    make_category("C", slug="c" * 100, parent=moved)
    target = None
    for letter in "defg":
        target = make_category(letter, slug=letter * 100, parent=target)

    moved.parent = target  # d/e/f/g/b/c: 6 * 100 slugs and 5 slashes, over 600
    with pytest.raises(ValidationError) as error:
        moved.full_clean()
    assert "longer than 600 characters" in str(error.value)


def test_an_inactive_category_unlists_its_whole_subtree():
    shoes = make_category("Shoes")
    running = make_category("Running", parent=shoes)
    trail = make_category("Trail", parent=running)

    running.is_active = False
    running.save()

    listed = set(Category.objects.listed().values_list("slug", flat=True))
    assert listed == {"shoes"}

    running.is_active = True
    running.save()
    assert set(Category.objects.listed().values_list("slug", flat=True)) == {
        "shoes",
        "running",
        "trail",
    }
    trail.refresh_from_db()
    assert trail.is_listed is True


def test_moving_a_category_under_an_inactive_one_unlists_it():
    closed = make_category("Closed", is_active=False)
    shoes = make_category("Shoes")
    running = make_category("Running", parent=shoes)

    shoes.parent = closed
    shoes.save()

    running.refresh_from_db()
    assert (shoes.is_listed, running.is_listed) == (False, False)


def test_breadcrumbs_follow_a_renamed_or_moved_category_at_once(client):
    from commerce.catalog.navigation import breadcrumb_trail

    shoes = make_category("Shoes")
    boots = make_category("Boots", parent=shoes)
    assert [c.name for c in breadcrumb_trail(boots)] == ["Shoes", "Boots"]  # now cached

    shoes.name = "Footwear"
    shoes.save()
    outdoor = make_category("Outdoor")
    boots.parent = outdoor
    boots.save()
    boots.refresh_from_db()

    assert [c.name for c in breadcrumb_trail(boots)] == ["Outdoor", "Boots"]
    html = client.get(boots.get_absolute_url()).content.decode()
    assert '<li><a href="/categories/outdoor/">Outdoor</a></li>' in html
    assert "Footwear" not in html.split('class="breadcrumbs"')[1].split("</nav>")[0]
