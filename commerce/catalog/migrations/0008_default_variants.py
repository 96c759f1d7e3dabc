"""Every existing product gets its default variant: its own SKU, no price of its own (so the
product's price), no options. Stock rows, cart lines and order lines are pointed at it by the
migrations of their apps."""

from django.db import migrations

FORWARD = """
INSERT INTO catalog_productvariant (product_id, sku, option_key, options_label, position)
SELECT product.id, product.sku, '', '', 0
FROM catalog_product AS product
WHERE NOT EXISTS (
    SELECT 1 FROM catalog_productvariant AS variant WHERE variant.product_id = product.id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_product_variants"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, reverse_sql=migrations.RunSQL.noop),
    ]
