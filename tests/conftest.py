import pytest

pytest_plugins = [
    "tests.db_template",
    "tests.fixtures.catalog",
    "tests.fixtures.images",
    "tests.fixtures.admin",
    "tests.fixtures.orders",
    "tests.fixtures.pages",
    "tests.fixtures.cart",
    "tests.fixtures.checkout",
    "tests.fixtures.accounts",
    "tests.fixtures.lists",
    "tests.fixtures.content",
    "tests.fixtures.migrations",
]


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches: the cache, the renditions cache, the header's
    category menu, the rendered product cards and Django's content-type cache live in process
    memory (or Redis), which a test's database rollback does not undo, so pinned query counts
    would otherwise depend on the tests that ran before."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from commerce.catalog import card_html
    from commerce.catalog.listing import forget_filterable_definitions
    from commerce.catalog.navigation import forget_categories_by_path, forget_category_menu
    from storefront import page_cache

    for alias in ("default", "renditions", "pages", "limits"):
        backend = caches[alias]
        if hasattr(backend, "delete_pattern"):
            backend.delete_pattern("*")  # django-redis: only this run's prefixed keys
        else:
            backend.clear()
    ContentType.objects.clear_cache()
    forget_category_menu()
    card_html.forget_all()
    forget_filterable_definitions()
    forget_categories_by_path()
    page_cache.forget_deadline()
    yield
    forget_category_menu()
    forget_filterable_definitions()
    forget_categories_by_path()
