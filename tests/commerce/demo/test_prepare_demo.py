"""`make run`'s preparation: migrate only when a migration is missing, the demo once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from commerce.catalog.models import Product
from commerce.demo.management.commands.prepare_demo import unapplied_migrations


@pytest.mark.django_db
def test_an_up_to_date_database_is_not_migrated_and_a_loaded_demo_not_seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", products=3, image_size=32, stdout=StringIO())
    products = list(Product.objects.order_by("pk").values_list("pk", "sku", "updated_at"))
    out = StringIO()

    call_command("prepare_demo", stdout=out)

    assert unapplied_migrations() == []
    assert "Applying" not in out.getvalue()
    assert "Demo shop already loaded (3 products): nothing imported" in out.getvalue()
    assert out.getvalue().splitlines()[-1].endswith("(no migrations applied).")
    assert list(Product.objects.order_by("pk").values_list("pk", "sku", "updated_at")) == products


@pytest.mark.django_db
def test_a_missing_migration_is_listed_as_migrate_would_apply_it():
    (latest,) = [
        name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "catalog"
    ]
    # As if the catalog's latest migration had not run yet (rolled back after the test).
    MigrationRecorder(connection).migration_qs.filter(app="catalog", name=latest).delete()

    assert unapplied_migrations() == [f"catalog.{latest}"]
