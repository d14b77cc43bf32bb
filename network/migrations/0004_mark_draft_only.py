"""People, organisations and matters that only drafts name get draft_meeting (see 0003)."""

from django.db import migrations, models

# A frozen copy of minutes.services.NAMED_IN_MINUTES: where minutes name each kind of record.
NAMED_IN_MINUTES = {
    ("network", "Person"): [
        "attendances__day__meeting",
        "recorded_meetings",
        "presented_items__day__meeting",
        "actions__item__day__meeting",
        "appointments__decision__item__day__meeting",
    ],
    ("network", "Organisation"): ["attendances__day__meeting", "actions__item__day__meeting"],
    ("minutes", "Matter"): ["items__day__meeting"],
}


def mark_draft_only(apps, schema_editor):
    """Records named by drafts and by no published minutes become their (earliest) draft's, as
    if imported under the new rule. Memberships do not count: imports before this rule
    recorded them for drafts too. An administrator's record named only in a draft is hidden
    from members until that draft is published (discarding the draft keeps it when a membership
    or an appointment holds it)."""
    for (app_label, model_name), paths in NAMED_IN_MINUTES.items():
        model = apps.get_model(app_label, model_name)
        drafts, published = {}, set()
        for path in paths:
            rows = model.objects.filter(**{f"{path}__isnull": False}).values_list(
                "pk", f"{path}__pk", f"{path}__status"
            )
            for pk, meeting_id, status in rows:
                if status == "draft":
                    drafts[pk] = min(meeting_id, drafts.get(pk, meeting_id))
                else:
                    published.add(pk)
        if model_name == "Person":  # an appointment an administrator recorded
            published.update(
                model.objects.filter(
                    appointments__isnull=False, appointments__decision__isnull=True
                ).values_list("pk", flat=True)
            )
        if model_name == "Organisation":  # an administrator's: runs a network, has units
            published.update(
                model.objects.filter(
                    models.Q(networks__isnull=False) | models.Q(units__isnull=False)
                ).values_list("pk", flat=True)
            )
        by_draft = {}
        for pk, meeting_id in drafts.items():
            if pk not in published:
                by_draft.setdefault(meeting_id, []).append(pk)
        for meeting_id, pks in by_draft.items():
            model.objects.filter(pk__in=pks).update(draft_meeting_id=meeting_id)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_draft_meeting"),
        ("minutes", "0006_matter_draft_meeting"),
        ("decisions", "0004_history_m2m"),
    ]

    operations = [migrations.RunPython(mark_draft_only, migrations.RunPython.noop)]
