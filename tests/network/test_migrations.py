"""Migration network 0004: records that only drafts name become their draft's."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0003_draft_meeting"), ("minutes", "0006_matter_draft_meeting")]
AFTER = [("network", "0004_mark_draft_only")]


@pytest.fixture(autouse=True)
def back_to_latest():
    """The rest of the session runs on the latest schema, whatever this test left."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_mark_draft_only_marks_what_only_drafts_name():
    apps = migrate(BEFORE)
    Network = apps.get_model("network", "Network")
    Organisation = apps.get_model("network", "Organisation")
    Person = apps.get_model("network", "Person")
    Membership = apps.get_model("network", "Membership")
    Meeting = apps.get_model("minutes", "Meeting")
    MeetingDay = apps.get_model("minutes", "MeetingDay")
    Attendance = apps.get_model("minutes", "Attendance")
    AgendaItem = apps.get_model("minutes", "AgendaItem")
    Matter = apps.get_model("minutes", "Matter")
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    published = Meeting.objects.create(
        network=network, start_date=dt.date(2024, 1, 10), status="published"
    )
    draft = Meeting.objects.create(network=network, start_date=dt.date(2025, 3, 5))
    published_day = MeetingDay.objects.create(meeting=published, date=published.start_date)
    draft_day = MeetingDay.objects.create(meeting=draft, date=draft.start_date)
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale")
    company = Organisation.objects.create(name="Utkastbolaget AB", short_name="Utkastbolaget")
    both = Person.objects.create(full_name="Anna Andersson")
    draft_only = Person.objects.create(full_name="Ulrika Utkastsson")
    Person.objects.create(full_name="Adam Admin")  # an administrator's, named nowhere
    Attendance.objects.create(day=published_day, person=both, organisation=ale)
    Attendance.objects.create(day=draft_day, person=both, organisation=ale)
    Attendance.objects.create(day=draft_day, person=draft_only, organisation=company)
    # An import before the rule recorded a membership for the draft: it does not count.
    Membership.objects.create(
        person=draft_only, network=network, organisation=company, start_date=draft.start_date
    )
    draft_matter = Matter.objects.create(network=network, title="Utkastärendet")
    published_matter = Matter.objects.create(network=network, title="Nära vård")
    AgendaItem.objects.create(day=draft_day, number=1, title="A", matter=draft_matter)
    AgendaItem.objects.create(day=published_day, number=1, title="B", matter=published_matter)
    AgendaItem.objects.create(day=draft_day, number=2, title="C", matter=published_matter)

    apps = migrate(AFTER)

    Person = apps.get_model("network", "Person")
    Organisation = apps.get_model("network", "Organisation")
    Matter = apps.get_model("minutes", "Matter")
    assert dict(Person.objects.values_list("full_name", "draft_meeting_id")) == {
        "Anna Andersson": None,
        "Ulrika Utkastsson": draft.pk,
        "Adam Admin": None,
    }
    assert dict(Organisation.objects.values_list("short_name", "draft_meeting_id")) == {
        "Ale": None,
        "Utkastbolaget": draft.pk,
    }
    assert dict(Matter.objects.values_list("title", "draft_meeting_id")) == {
        "Utkastärendet": draft.pk,
        "Nära vård": None,
    }
