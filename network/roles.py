"""The roles: planning leads edit minutes, members read them (administrators are superusers).

Created by migration network 0002; `roles_ensure()` can also be called on a database that was
flushed (browser tests) to put them back.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITOR_GROUP = "Planeringsledare"
MEMBER_GROUP = "Medlemmar"
EDITOR_MODELS = {
    "minutes": ["meeting", "meetingday", "attendance", "agendaitem", "matter", "attachment"],
    "decisions": ["decision", "action"],
    "network": ["person", "personname"],
}
READ_ONLY_FOR_EDITORS = {
    "network": ["organisation", "organisationname", "network", "membership", "appointment"]
}


def roles_ensure(apps=global_apps) -> None:
    """Create (or complete) the two groups with their permissions; `apps` may be a migration's."""
    for app_config in apps.get_app_configs():
        if apps is not global_apps:
            app_config.models_module = True  # create_permissions skips apps without it
        create_permissions(app_config, apps=apps, verbosity=0)
        if apps is not global_apps:
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
