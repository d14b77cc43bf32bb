"""The full-text vectors stored with their rows, for ranking (PostgreSQL only; elsewhere a no-op).

The search finds its candidates through the GIN expression indexes of migration 0001 and then
ranks them with ts_rank, which computed to_tsvector again for every candidate: a third of the
search's time at 100 000 decisions. Each table now has a generated column `search_vector` with
the same expression, kept by PostgreSQL on every insert and update (QuerySet.update and the
admin included), which ts_rank reads instead.

The candidates stay on the expression indexes: with an index on the column instead, the planner
judged a sequential scan cheap (a stored value is cheap to test) and read every row for a rare
word (110 ms instead of 1 ms for "Marie Lind", measured at 100 000 decisions).

The models do not declare the column: Django never writes it; only search.queries reads it.
PostgreSQL refuses to change the type of a column a generated column is computed from: a
migration altering title/body, label/text or theme/title drops `search_vector` first and adds
it again after (this migration's two functions).
"""

from django.db import migrations

# table and the two columns of migration 0001's expression
VECTORS = [
    ("minutes_agendaitem", "title", "body"),
    ("decisions_decision", "label", "text"),
    ("minutes_meeting", "theme", "title"),
]
COLUMN = "search_vector"


def expression(first: str, second: str) -> str:
    return (
        f"to_tsvector('swedish'::regconfig, "
        f"COALESCE(\"{first}\", '') || ' ' || COALESCE(\"{second}\", ''))"
    )


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, first, second in VECTORS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "{COLUMN}" tsvector '
            f"GENERATED ALWAYS AS ({expression(first, second)}) STORED"
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _first, _second in VECTORS:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{COLUMN}"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_fulltext_indexes"),
        ("minutes", "0009_registry_generation"),
        ("decisions", "0006_action_responsible_resolved"),
    ]

    operations = [migrations.RunPython(add_vectors, drop_vectors, elidable=False)]
