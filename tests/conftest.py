pytest_plugins = [
    "tests.fixtures.catalog",
    "tests.fixtures.images",
    "tests.fixtures.admin",
    "tests.fixtures.orders",
    "tests.fixtures.pages",
]
