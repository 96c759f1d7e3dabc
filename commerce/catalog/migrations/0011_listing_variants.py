# Each variant as listings filter it (commerce/catalog/models/listing_variants.py): its options
# with its product's own options of the other attributes, and its stock rows holding units in
# an active warehouse.
import importlib

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

LISTING_OPTIONS = importlib.import_module("commerce.catalog.migrations.0010_listing_options")

# The options part, after the product's listing options (the own ones are read from there).
# `stock_rows` is counted only for a new row: afterwards the stock triggers keep it.
REFRESH_VARIANTS = """
CREATE FUNCTION catalog_refresh_listing_variants(product_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM catalog_listingvariant AS listed
    WHERE listed.product_id = ANY(product_ids)
      AND NOT EXISTS (
        SELECT 1 FROM catalog_productvariant AS variant
        WHERE variant.id = listed.variant_id AND variant.product_id = listed.product_id
      );
    INSERT INTO catalog_listingvariant (variant_id, product_id, option_ids, stock_rows)
    SELECT variant.id, variant.product_id,
        ARRAY(
            SELECT link.attributeoption_id FROM catalog_productvariant_options AS link
            WHERE link.productvariant_id = variant.id
            UNION
            SELECT own.option_id FROM catalog_listingoption AS own
            WHERE own.product_id = variant.product_id AND NOT own.is_from_variants
            ORDER BY 1
        ),
        (
            SELECT COUNT(*) FROM stock_stockrecord AS stock
            JOIN stock_warehouse AS warehouse ON warehouse.id = stock.warehouse_id
            WHERE stock.variant_id = variant.id AND stock.quantity > 0 AND warehouse.is_active
        )
    FROM catalog_productvariant AS variant
    WHERE variant.product_id = ANY(product_ids)
    ON CONFLICT (variant_id) DO UPDATE
    SET product_id = EXCLUDED.product_id, option_ids = EXCLUDED.option_ids
    WHERE (catalog_listingvariant.product_id, catalog_listingvariant.option_ids)
        IS DISTINCT FROM (EXCLUDED.product_id, EXCLUDED.option_ids);
$$;
"""
# Whatever refreshes a product's listing options (the triggers of 0010) refreshes its variants.
REFRESH_BOTH = LISTING_OPTIONS.REFRESH.split("-- After each statement")[0].replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
).replace(
    "ON CONFLICT DO NOTHING;\n",
    "ON CONFLICT DO NOTHING;\n    SELECT catalog_refresh_listing_variants(product_ids);\n",
)
REFRESH_OPTIONS_ONLY = LISTING_OPTIONS.REFRESH.split("-- After each statement")[0].replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)
VARIANT_TRIGGERS = "".join(
    f"""
CREATE TRIGGER listing_variants_{event.lower()}
AFTER {event} ON catalog_productvariant REFERENCING {rows} TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalog_listing_options_follow();
"""
    for event, rows in (("INSERT", "NEW"), ("DELETE", "OLD"))
)

# Stock: only a change of availability counts. Rows added or removed (rare statements, bulk
# friendly); an update only when a row turns empty or not, or moves (the WHEN is evaluated
# without calling anything, so placing an order that leaves units fires nothing).
STOCK = """
CREATE FUNCTION catalog_listing_stock_rows_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_listingvariant AS listed
    SET stock_rows = listed.stock_rows
        + CASE WHEN TG_OP = 'INSERT' THEN delta.rows ELSE -delta.rows END
    FROM (
        SELECT changed.variant_id, COUNT(*) AS rows FROM changed
        JOIN stock_warehouse AS warehouse ON warehouse.id = changed.warehouse_id
        WHERE changed.quantity > 0 AND warehouse.is_active
        GROUP BY changed.variant_id
    ) AS delta
    WHERE listed.variant_id = delta.variant_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION catalog_listing_stock_row_flips() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.quantity > 0 THEN
        UPDATE catalog_listingvariant SET stock_rows = stock_rows - 1
        WHERE variant_id = OLD.variant_id
          AND EXISTS (SELECT 1 FROM stock_warehouse WHERE id = OLD.warehouse_id AND is_active);
    END IF;
    IF NEW.quantity > 0 THEN
        UPDATE catalog_listingvariant SET stock_rows = stock_rows + 1
        WHERE variant_id = NEW.variant_id
          AND EXISTS (SELECT 1 FROM stock_warehouse WHERE id = NEW.warehouse_id AND is_active);
    END IF;
    RETURN NULL;
END
$$;

-- A warehouse switched on or off (an admin's rare act): its variants are counted again, with
-- the stock rows' writers held off until this commits so no change slips between.
CREATE FUNCTION catalog_listing_warehouse_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE stock_stockrecord IN SHARE MODE;
    UPDATE catalog_listingvariant AS listed SET stock_rows = (
        SELECT COUNT(*) FROM stock_stockrecord AS stock
        JOIN stock_warehouse AS warehouse ON warehouse.id = stock.warehouse_id
        WHERE stock.variant_id = listed.variant_id AND stock.quantity > 0 AND warehouse.is_active
    )
    WHERE listed.variant_id IN (
        SELECT variant_id FROM stock_stockrecord WHERE warehouse_id = NEW.id AND quantity > 0
    );
    RETURN NULL;
END
$$;

CREATE TRIGGER listing_variants_stock_insert
AFTER INSERT ON stock_stockrecord REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalog_listing_stock_rows_follow();
CREATE TRIGGER listing_variants_stock_delete
AFTER DELETE ON stock_stockrecord REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalog_listing_stock_rows_follow();
CREATE TRIGGER listing_variants_stock_update
AFTER UPDATE ON stock_stockrecord FOR EACH ROW
WHEN (
    (OLD.quantity > 0) IS DISTINCT FROM (NEW.quantity > 0)
    OR (OLD.quantity > 0 AND NEW.quantity > 0 AND (
        OLD.variant_id IS DISTINCT FROM NEW.variant_id
        OR OLD.warehouse_id IS DISTINCT FROM NEW.warehouse_id
    ))
)
EXECUTE FUNCTION catalog_listing_stock_row_flips();
CREATE TRIGGER listing_variants_warehouse_active
AFTER UPDATE OF is_active ON stock_warehouse FOR EACH ROW
WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active)
EXECUTE FUNCTION catalog_listing_warehouse_follow();
"""
FILL = "SELECT catalog_refresh_listing_variants(ARRAY(SELECT id FROM catalog_product));"
DROP = (
    "DROP TRIGGER listing_variants_insert ON catalog_productvariant;"
    "DROP TRIGGER listing_variants_delete ON catalog_productvariant;"
    "DROP TRIGGER listing_variants_warehouse_active ON stock_warehouse;"
    "DROP FUNCTION catalog_listing_stock_rows_follow() CASCADE;"
    "DROP FUNCTION catalog_listing_stock_row_flips() CASCADE;"
    "DROP FUNCTION catalog_listing_warehouse_follow();"
    + REFRESH_OPTIONS_ONLY
    + "DROP FUNCTION catalog_refresh_listing_variants(bigint[]);"
)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_listing_options'),
        ('stock', '0003_stock_per_variant'),
    ]

    operations = [
        migrations.CreateModel(
            name='ListingVariant',
            fields=[
                ('variant', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='catalog.productvariant')),
                ('option_ids', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)),
                ('stock_rows', models.IntegerField()),
                ('product', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.product')),
            ],
            options={
                'indexes': [models.Index(fields=['product'], include=('stock_rows', 'option_ids'), name='listing_variant_by_product'), models.Index(condition=models.Q(('stock_rows__gt', 0)), fields=['product'], name='listing_variant_in_stock')],
            },
        ),
        migrations.RunSQL(
            REFRESH_VARIANTS + REFRESH_BOTH + VARIANT_TRIGGERS + STOCK + FILL, DROP
        ),
    ]
