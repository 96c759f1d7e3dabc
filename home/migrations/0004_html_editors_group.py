from django.db import migrations

GROUP = "HTML editors"


def create_group(apps, schema_editor):
    """A group whose members may add and change raw HTML blocks (home.edit_raw_html).
    Permissions are normally created after migrations, so the row is made here."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="edit_raw_html",
        defaults={"name": "Can add and change raw HTML blocks"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_body_and_banners"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
