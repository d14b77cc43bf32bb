"""GIN expression indexes for the full-text search (PostgreSQL only; a no-op elsewhere).

Each expression is, character for character, what search.queries builds with
SearchVector(..., config="swedish"), so that the planner uses the index.
"""

from django.db import migrations

INDEXES = [
    ("search_agendaitem_fts", "minutes_agendaitem", "title", "body"),
    ("search_decision_fts", "decisions_decision", "label", "text"),
    ("search_meeting_fts", "minutes_meeting", "theme", "title"),
]


def expression(first: str, second: str) -> str:
    return (
        f"to_tsvector('swedish'::regconfig, "
        f"COALESCE(\"{first}\", '') || ' ' || COALESCE(\"{second}\", ''))"
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, first, second in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin ({expression(first, second)})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _first, _second in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0001_initial"),
        ("decisions", "0002_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
