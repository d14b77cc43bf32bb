"""The roles: planning leads edit minutes, members read them (administrators are superusers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Planeringsledare"
MEMBER_GROUP = "Medlemmar"
EDITOR_MODELS = {
    "minutes": ["meeting", "meetingday", "attendance", "agendaitem", "matter", "attachment"],
    "decisions": ["decision", "action"],
    "network": ["person", "personname"],
}
READ_ONLY_FOR_EDITORS = {"network": ["organisation", "organisationname", "network", "membership", "appointment"]}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True  # create_permissions needs it set on historical apps
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(app_label, models, actions):
        return Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for model in models for action in actions],
        )

    editors, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    members, _ = Group.objects.get_or_create(name=MEMBER_GROUP)
    for app_label, models in EDITOR_MODELS.items():
        editors.permissions.add(*perms(app_label, models, ["add", "change", "delete", "view"]))
        members.permissions.add(*perms(app_label, models, ["view"]))
    for app_label, models in READ_ONLY_FOR_EDITORS.items():
        editors.permissions.add(*perms(app_label, models, ["view"]))
        members.permissions.add(*perms(app_label, models, ["view"]))


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
