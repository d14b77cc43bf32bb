"""Decision.taken_on: the date of the item's day, kept on the decision for ordering."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Decision = apps.get_model("decisions", "Decision")
    MeetingDay = apps.get_model("minutes", "MeetingDay")
    day_date = MeetingDay.objects.filter(items=models.OuterRef("item_id")).values("date")[:1]
    Decision.objects.update(taken_on=models.Subquery(day_date))


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_history_m2m"),
        ("minutes", "0007_merge_0006_matter_draft_meeting_0006_pending_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="taken_on",
            field=models.DateField(editable=False, null=True, verbose_name="beslutsdag"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decision",
            name="taken_on",
            field=models.DateField(editable=False, verbose_name="beslutsdag"),
        ),
        migrations.AlterModelOptions(
            name="decision",
            options={
                "ordering": ["-taken_on", "item__number", "position"],
                "verbose_name": "beslut",
                "verbose_name_plural": "beslut",
            },
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["-taken_on", "id"], name="decisions_taken_on"),
        ),
    ]
