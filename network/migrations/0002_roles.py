"""The roles: planning leads edit minutes, members read them (see network/roles.py)."""

from django.db import migrations

from network.roles import EDITOR_GROUP, MEMBER_GROUP, roles_ensure


def create_roles(apps, schema_editor):
    roles_ensure(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR_GROUP, MEMBER_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("minutes", "0001_initial"),
        ("decisions", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
