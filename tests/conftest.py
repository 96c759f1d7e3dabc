import pytest

pytest_plugins = [
    "tests.fixtures.catalog",
    "tests.fixtures.images",
    "tests.fixtures.admin",
    "tests.fixtures.orders",
    "tests.fixtures.pages",
    "tests.fixtures.cart",
]


@pytest.fixture(autouse=True)
def fresh_category_menu():
    """The header's category menu is cached per process and in the shared cache, which a
    test's database rollback does not undo."""
    from commerce.catalog.navigation import forget_category_menu

    forget_category_menu()
    yield
    forget_category_menu()
