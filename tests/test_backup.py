"""Backups keep everything, history included: a pg_dump/pg_restore copy and a dumpdata/loaddata
copy hold the same rows, and a published reference survives a reopen on the copy (issue 8,
finding 7). Without the history, republishing a copy would renumber a published decision."""

import datetime as dt
import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from decisions.models import Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from minutes.services import (
    meeting_item_add,
    meeting_items_renumber,
    meeting_publish,
    meeting_reopen,
)
from network.models import Network, Organisation, Person

ROOT = Path(__file__).resolve().parents[1]
APPS = ("network", "minutes", "decisions")
REFERENCE = "Socialchefsnätverket 2024-11-08 §2"


def registry_with_history():
    """A meeting published, reopened with a reason and published again, its decision on §2."""
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    molndal = Organisation.objects.create(name="Mölndals stad", short_name="Mölndal")
    person = Person.objects.create(full_name="Christina Alvelin")
    date = dt.date(2024, 11, 8)
    meeting = Meeting.objects.create(network=network, start_date=date, theme="Nära vård")
    meeting.recorders.add(person)
    day = MeetingDay.objects.create(meeting=meeting, date=date)
    AgendaItem.objects.create(day=day, number=1, title="Välkommen")
    item = AgendaItem.objects.create(day=day, number=2, title="Nära vård")
    item.presenters.add(person)
    Decision.objects.create(item=item, text="Nätverket ställer sig bakom.")
    attendance = Attendance.objects.create(day=day, person=person, organisation=molndal)
    attendance.items.add(item)
    meeting_publish(meeting=meeting, version=meeting.version)
    meeting = meeting_reopen(meeting=meeting, reason="Stavning")
    item.body = "Anna berättade."
    item.save()
    meeting_publish(meeting=meeting, version=meeting.version)
    return meeting


def reopen_drop_first_item_republish(meeting) -> list[str]:
    """On a copy: reopen, remove §1 (so "Nära vård" becomes §1), add a decision, publish."""
    meeting = meeting_reopen(meeting=meeting, reason="Punkt 1 utgår")
    day = meeting.days.get()
    day.items.get(number=1).delete()
    meeting_items_renumber(day=day, order=[])
    new = meeting_item_add(day=day, title="Övrigt")
    # a provisional reference, as the editor gives it (justering settles it)
    Decision.objects.create(
        item=new, text="Nästa möte i december.", reference="utkast-ny", slug="utkast-ny"
    )
    meeting.refresh_from_db()
    meeting_publish(meeting=meeting, version=meeting.version)
    return sorted(Decision.objects.values_list("reference", flat=True))


# The published decision keeps §2 though its item is now §1; the new one on §2 cannot take §2.
# (A copy without the history gave ["... §1", "... §2"].)
AFTER_REPUBLISH = [REFERENCE, "Socialchefsnätverket 2024-11-08 §2 (2)"]


def rows_by_model() -> dict[str, list[tuple]]:
    """Every row of the registry's tables (history and m2m tables included), in key order. The
    rows of a many-to-many link table by what they link: dumpdata leaves out their own ids."""
    found = {}
    for model in _all_models():
        if model._meta.auto_created:
            rows = model._base_manager.values_list(*[f.attname for f in model._meta.fields[1:]])
            found[model._meta.label] = sorted(rows)
        else:
            found[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return found


# --- dumpdata / loaddata -----------------------------------------------------------------------


def test_dumpdata_loaddata_keeps_every_row_and_history(db, tmp_path):
    meeting = registry_with_history()
    before = rows_by_model()
    # XML: JSON would cut every time to milliseconds (Django's JSON encoder does)
    dump = tmp_path / "registret.xml"
    call_command("dumpdata", *APPS, format="xml", natural_foreign=True, output=dump, verbosity=0)
    with connection.constraint_checks_disabled():
        for model in reversed(list(_all_models())):
            model._base_manager.all()._raw_delete(connection.alias)

    call_command("loaddata", dump, stdout=io.StringIO())

    assert rows_by_model() == before
    assert len(before["minutes.HistoricalMeeting"]) == 5  # created, publish, reopen, publish...
    assert reopen_drop_first_item_republish(Meeting.objects.get(pk=meeting.pk)) == (AFTER_REPUBLISH)


def _all_models():
    for app in APPS:
        yield from apps.get_app_config(app).get_models(include_auto_created=True)


# --- pg_dump / pg_restore ----------------------------------------------------------------------

TABLES = """SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"""


def table_rows(cursor) -> dict[str, list[tuple]]:
    """Every row of every table, by table, sorted: the whole database as data."""
    cursor.execute(TABLES)
    tables = [name for (name,) in cursor.fetchall()]
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        found[table] = sorted(cursor.fetchall(), key=repr)
    return found


def pg_env(settings_dict) -> dict[str, str]:
    env = {**os.environ, "PGUSER": settings_dict["USER"] or "postgres"}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("PASSWORD", "PGPASSWORD")]:
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore back up PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_pg_dump_pg_restore_keeps_every_row_history_and_reference(roles, tmp_path):
    registry_with_history()
    source = connection.settings_dict["NAME"]
    copy = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    env = pg_env(connection.settings_dict)
    backup = tmp_path / "registret.dump"
    with connection.cursor() as cursor:
        original = table_rows(cursor)
    started = time.perf_counter()
    try:
        subprocess.run(["pg_dump", "-Fc", "-f", backup, source], env=env, check=True)
        subprocess.run(["createdb", copy], env=env, check=True)
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", copy, backup],
            env=env,
            check=True,
        )
        restore_seconds = time.perf_counter() - started
        with psycopg.connect(dbname=copy, **_psycopg_params(connection.settings_dict)) as other:
            restored = table_rows(other.cursor())
        republished = _republish_in(copy)
    finally:
        with connection._nodb_cursor() as cursor:  # autocommit: DROP DATABASE needs it
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')

    assert restored == original
    assert original["minutes_historicalmeeting"] != []
    assert republished.splitlines()[-1] == repr(AFTER_REPUBLISH)
    assert Decision.objects.get().reference == REFERENCE  # the original is untouched
    print(f"pg_dump + createdb + pg_restore: {restore_seconds:.2f} s")  # shown with -s


def _psycopg_params(settings_dict) -> dict:
    params = {"user": settings_dict["USER"] or "postgres"}
    for key in ("HOST", "PORT", "PASSWORD"):
        if settings_dict.get(key):
            params[key.lower()] = settings_dict[key]
    return params


def _republish_in(database: str) -> str:
    """reopen_drop_first_item_republish in a process of its own, on the restored database."""
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER'] or 'postgres'}"
        f"{':' + settings_dict['PASSWORD'] if settings_dict.get('PASSWORD') else ''}"
        f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{database}"
    )
    code = (
        "import sys; sys.path.insert(0, 'tests'); "
        "from test_backup import reopen_drop_first_item_republish as r; "
        "from minutes.models import Meeting; print(r(Meeting.objects.get()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DEBUG": "1", "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stderr == ""
    return result.stdout
