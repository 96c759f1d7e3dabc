"""The cart's owner fields come from `commerce.shoppers.models.ShopperOwned`: `token` is renamed
`guest_token` (the column is renamed, its values kept), one cart per account and per guest
become named unique constraints, and the owner CHECK gets the shared name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OWNED_BY_GUEST_OR_ACCOUNT = models.Q(
    models.Q(("guest_token__isnull", False), ("user__isnull", True)),
    models.Q(("guest_token__isnull", True), ("user__isnull", False)),
    _connector="OR",
)


class Migration(migrations.Migration):
    dependencies = [
        ("cart", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="cart", name="cart_owned_by_token_or_user"),
        migrations.RenameField(model_name="cart", old_name="token", new_name="guest_token"),
        migrations.AlterField(
            model_name="cart",
            name="guest_token",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="A guest's secret, kept in the session data only (never the session key).",
                max_length=64,
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="cart",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="cart",
            constraint=models.CheckConstraint(
                condition=OWNED_BY_GUEST_OR_ACCOUNT,
                name="cart_cart_owned_by_guest_or_account",
                violation_error_message="Owned by a guest token or by an account, not both.",
            ),
        ),
        migrations.AddConstraint(
            model_name="cart",
            constraint=models.UniqueConstraint(fields=("user",), name="cart_one_per_account"),
        ),
        migrations.AddConstraint(
            model_name="cart",
            constraint=models.UniqueConstraint(fields=("guest_token",), name="cart_one_per_guest"),
        ),
    ]
