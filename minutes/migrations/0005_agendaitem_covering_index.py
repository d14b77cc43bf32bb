"""A covering index on agenda items (PostgreSQL only; a no-op elsewhere).

Every registry list joins decisions and actions to their meeting day through the item. With
(id) INCLUDE (day_id) the planner reads the item side of that join from the index alone
instead of the whole table with its text: the chart above /beslut/ at 100 000 decisions went
from about 100 ms to 75 ms (bench/benchmark.py).
"""

from django.db import migrations

NAME = "minutes_agendaitem_id_day"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "minutes_agendaitem" ("id") INCLUDE ("day_id")'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("minutes", "0004_history_m2m")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
