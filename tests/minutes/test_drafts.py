"""Drafts are drafts all through (issue 8, finding 3): the people, organisations and matters
that only a draft names are for editors until it is published; a draft changes no published
membership; discarding a draft removes what only it created and nothing else."""

import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Decision
from minutes.models import AgendaItem, Attendance, Matter, Meeting
from minutes.services import (
    MeetingConflict,
    MeetingLocked,
    meeting_discard,
    meeting_publish,
    meeting_reopen,
    minutes_import,
    minutes_parse,
)
from network.models import Appointment, Membership, Network, Organisation, Person, PersonName
from network.services import person_merge

MINUTES = """Anteckningar socialchefsnätverket {date}

Närvarande:
Anna Andersson, Ale
Ulrika Utkastsson, Utkastbolaget AB

1. Välkommen
Inget att anteckna.

2. Samverkansavtal
Beslut: Nätverket ställer sig bakom förslaget.

Antecknat av: Cecilia Axelsson
"""


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")


@pytest.fixture
def ale(db):
    return Organisation.objects.create(
        name="Ale kommun", short_name="Ale", kind=Organisation.Kind.MUNICIPALITY
    )


@pytest.fixture
def lerum(db):
    return Organisation.objects.create(
        name="Lerums kommun", short_name="Lerum", kind=Organisation.Kind.MUNICIPALITY
    )


@pytest.fixture
def anna(network, lerum):
    """A published person: an open membership for Lerum since 2020."""
    person = Person.objects.create(full_name="Anna Andersson", title="Socialchef")
    Membership.objects.create(
        person=person, network=network, organisation=lerum, start_date=dt.date(2020, 1, 1)
    )
    return person


def import_minutes(network, date="2025-03-05", *, publish=False) -> Meeting:
    text = MINUTES.format(date=date)
    return minutes_import(
        parsed=minutes_parse(text=text), network=network, source_text=text, publish=publish
    ).meeting


@pytest.fixture
def draft(network, ale, anna):
    meeting = import_minutes(network)
    # An editor names a new matter on the draft's item (minutes.editing: "matter_new").
    matter = Matter.objects.create(network=network, title="Utkastärendet", draft_meeting=meeting)
    AgendaItem.objects.filter(day__meeting=meeting).update(matter=matter)
    return meeting


def memberships(person):
    return list(
        Membership.objects.filter(person=person)
        .order_by("start_date")
        .values_list("organisation__short_name", "start_date", "end_date")
    )


# -- import marks what only the draft names -------------------------------------------------


def test_draft_import_marks_only_what_it_creates(draft, anna, ale):
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    cecilia = Person.objects.get(full_name="Cecilia Axelsson")
    company = Organisation.objects.get(name="Utkastbolaget AB")
    anna.refresh_from_db()
    ale.refresh_from_db()

    assert (ulrika.draft_meeting, cecilia.draft_meeting, company.draft_meeting) == (
        draft,
        draft,
        draft,
    )
    assert (anna.draft_meeting, ale.draft_meeting) == (None, None)


def test_published_import_marks_nothing(network, ale, anna):
    import_minutes(network, publish=True)

    assert Person.objects.filter(draft_meeting__isnull=False).count() == 0
    assert Organisation.objects.filter(draft_meeting__isnull=False).count() == 0


def test_draft_import_fills_no_title_on_a_published_person(network, ale):
    cecilia = Person.objects.create(full_name="Cecilia Axelsson")
    text = MINUTES.format(date="2025-03-05").replace(
        "Antecknat av: Cecilia Axelsson", "Antecknat av: Cecilia Axelsson, planeringsledare"
    )
    parsed = minutes_parse(text=text)
    assert [r.title for r in parsed.recorders] == ["planeringsledare"]

    minutes_import(parsed=parsed, network=network, source_text=text)

    cecilia.refresh_from_db()
    assert cecilia.title == ""


# -- memberships open and close at publish, not at import -------------------------------------


def test_draft_import_changes_no_membership(draft, anna):
    assert memberships(anna) == [("Lerum", dt.date(2020, 1, 1), None)]
    assert Membership.objects.count() == 1


def test_publish_records_and_closes_memberships(draft, anna):
    meeting_publish(meeting=draft, version=draft.version)

    assert memberships(anna) == [
        ("Lerum", dt.date(2020, 1, 1), dt.date(2025, 3, 4)),
        ("Ale", dt.date(2025, 3, 5), None),
    ]
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    assert memberships(ulrika) == [("Utkastbolaget AB", dt.date(2025, 3, 5), None)]


def test_published_import_records_memberships_as_before(network, ale, anna):
    import_minutes(network, publish=True)

    assert memberships(anna) == [
        ("Lerum", dt.date(2020, 1, 1), dt.date(2025, 3, 4)),
        ("Ale", dt.date(2025, 3, 5), None),
    ]


def test_republish_after_reopen_keeps_memberships(draft, anna):
    meeting_publish(meeting=draft, version=draft.version)
    meeting_reopen(meeting=draft, reason="Rättelse")
    draft.refresh_from_db()

    meeting_publish(meeting=draft, version=draft.version)

    assert memberships(anna) == [
        ("Lerum", dt.date(2020, 1, 1), dt.date(2025, 3, 4)),
        ("Ale", dt.date(2025, 3, 5), None),
    ]


# -- publish makes them everyone's ----------------------------------------------------------


def test_publish_clears_the_draft_marks(draft):
    meeting_publish(meeting=draft, version=draft.version)

    assert Person.objects.filter(draft_meeting__isnull=False).count() == 0
    assert Organisation.objects.filter(draft_meeting__isnull=False).count() == 0
    assert Matter.objects.filter(draft_meeting__isnull=False).count() == 0


def test_publish_of_another_meeting_naming_a_draft_person_clears_it(network, draft):
    later = import_minutes(network, "2025-04-02")
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    assert ulrika.draft_meeting == draft  # matched by the second import, still the first's

    meeting_publish(meeting=later, version=later.version)

    ulrika.refresh_from_db()
    assert ulrika.draft_meeting is None


def test_person_merge_with_a_published_duplicate_is_seen(draft, anna):
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")

    person_merge(keep=ulrika, duplicates=[anna])

    ulrika.refresh_from_db()
    assert ulrika.draft_meeting is None


# -- discard removes what only the draft created ----------------------------------------------


def test_discard_removes_the_draft_and_what_only_it_created(draft, anna, ale, lerum):
    meeting_discard(meeting=draft, version=draft.version)

    assert Meeting.objects.count() == 0
    assert Decision.objects.count() == 0
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Anna Andersson"]
    assert sorted(Organisation.objects.values_list("short_name", flat=True)) == ["Ale", "Lerum"]
    assert Matter.objects.count() == 0
    assert memberships(anna) == [("Lerum", dt.date(2020, 1, 1), None)]


def test_discard_hands_what_another_draft_names_to_it(network, draft):
    later = import_minutes(network, "2025-04-02")

    meeting_discard(meeting=draft, version=draft.version)

    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    company = Organisation.objects.get(name="Utkastbolaget AB")
    assert (ulrika.draft_meeting, company.draft_meeting) == (later, later)
    assert Attendance.objects.filter(person=ulrika).count() == 1


def test_discard_keeps_what_an_administrator_added(network, draft):
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    company = Organisation.objects.get(name="Utkastbolaget AB")
    ale = Organisation.objects.get(short_name="Ale")
    Membership.objects.create(
        person=ulrika, network=network, organisation=ale, start_date=dt.date(2025, 1, 1)
    )
    Network.objects.create(name="Bolagsnätverket", slug="bolag", organisation=company)

    meeting_discard(meeting=draft, version=draft.version)

    ulrika.refresh_from_db()
    company.refresh_from_db()
    assert (ulrika.draft_meeting, company.draft_meeting) == (None, None)
    assert not Person.objects.filter(full_name="Cecilia Axelsson").exists()


def test_discard_removes_the_appointments_its_decisions_made(network, draft, anna):
    decision = Decision.objects.get()
    Appointment.objects.create(
        person=anna, network=network, body="styrgrupp", start_date=dt.date(2025, 3, 5),
        decision=decision,
    )  # fmt: skip
    kept = Appointment.objects.create(
        person=anna, network=network, body="beredning", start_date=dt.date(2024, 1, 1)
    )

    meeting_discard(meeting=draft, version=draft.version)

    assert list(Appointment.objects.all()) == [kept]
    assert PersonName.objects.count() == 0


def test_discard_of_published_minutes_refused(draft):
    meeting_publish(meeting=draft, version=draft.version)
    draft.refresh_from_db()

    with pytest.raises(MeetingLocked):
        meeting_discard(meeting=draft)
    meeting_reopen(meeting=draft, reason="Rättelse")  # a draft again, but once published
    with pytest.raises(MeetingLocked):
        meeting_discard(meeting=draft)
    assert Meeting.objects.count() == 1


def test_discard_with_a_stale_version_refused(draft):
    with pytest.raises(MeetingConflict):
        meeting_discard(meeting=draft, version=draft.version - 1)
    assert Meeting.objects.count() == 1


def test_discard_page_names_what_goes(editor_client, draft):
    response = editor_client.get(reverse("editing:discard", args=[draft.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Cecilia Axelsson, Ulrika Utkastsson" in page
    assert "Utkastbolaget AB" in page
    assert "Utkastärendet" in page


def test_discard_post_discards_and_goes_to_the_dashboard(editor_client, draft):
    response = editor_client.post(
        reverse("editing:discard", args=[draft.pk]), {"meeting-version": draft.version}
    )

    assert (response.status_code, response.url) == (302, reverse("editing:dashboard"))
    assert Meeting.objects.count() == 0


def test_discard_post_stale_version_is_a_conflict(editor_client, draft):
    response = editor_client.post(
        reverse("editing:discard", args=[draft.pk]), {"meeting-version": draft.version - 1}
    )

    assert response.status_code == 409
    assert Meeting.objects.count() == 1


def test_discard_by_a_member_forbidden(member_client, draft):
    response = member_client.post(
        reverse("editing:discard", args=[draft.pk]), {"meeting-version": draft.version}
    )

    assert response.status_code == 403
    assert Meeting.objects.count() == 1


def test_admin_delete_of_a_draft_discards_it(admin_client, draft):
    Decision.objects.all().delete()  # a decision PROTECTs its item in the admin's delete
    response = admin_client.post(
        reverse("admin:minutes_meeting_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert Meeting.objects.count() == 0
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Anna Andersson"]


# -- the finding as reproduced, on the pages --------------------------------------------------


@pytest.fixture(params=["member", "public"])
def reader(request, client, settings, db):
    """A member, or anybody with REGISTRY_PUBLIC on."""
    if request.param == "member":
        return request.getfixturevalue("member_client")
    settings.REGISTRY_PUBLIC = True
    return client


def test_draft_person_page_not_found(reader, draft):
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")

    response = reader.get(ulrika.get_absolute_url())

    assert response.status_code == 404


def test_draft_organisation_page_not_found(reader, draft):
    company = Organisation.objects.get(name="Utkastbolaget AB")

    response = reader.get(company.get_absolute_url())

    assert response.status_code == 404


def test_organisation_page_lists_no_draft_member(reader, draft, ale, network):
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    # A membership an administrator recorded (or an import before the rule) for a draft person.
    Membership.objects.create(
        person=ulrika, network=network, organisation=ale, start_date=dt.date(2025, 1, 1)
    )

    response = reader.get(ale.get_absolute_url())

    assert response.status_code == 200
    assert response.context["profile"]["current"] == []
    assert "Ulrika" not in response.content.decode()


def test_search_finds_no_draft_person(reader, draft):
    response = reader.get(reverse("search:search"), {"q": "Utkastsson"})

    assert response.status_code == 200
    assert response.context["hits"] == []


def test_decision_filter_lists_no_draft_matter(reader, draft):
    matter = Matter.objects.get()

    response = reader.get(reverse("decisions:decision_list"))
    refused = reader.get(reverse("decisions:decision_list"), {"matter": matter.pk})

    assert list(response.context["filter"].form.fields["matter"].queryset) == []
    assert "Utkastärendet" not in response.content.decode()
    assert list(refused.context["filter"].form.errors) == ["matter"]
    assert "Utkastärendet" not in refused.content.decode()


def test_editor_sees_the_draft_person_organisation_and_matter(editor_client, draft):
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    company = Organisation.objects.get(name="Utkastbolaget AB")

    person_page = editor_client.get(ulrika.get_absolute_url())
    organisation_page = editor_client.get(company.get_absolute_url())
    found = editor_client.get(reverse("search:search"), {"q": "Utkastsson"})
    decisions = editor_client.get(reverse("decisions:decision_list"))

    assert (person_page.status_code, organisation_page.status_code) == (200, 200)
    assert [hit.url for hit in found.context["hits"]] == [ulrika.get_absolute_url()]
    assert list(decisions.context["filter"].form.fields["matter"].queryset) == [
        Matter.objects.get()
    ]


def test_after_publish_readers_see_them(reader, draft, ale):
    meeting_publish(meeting=draft, version=draft.version)
    ulrika = Person.objects.get(full_name="Ulrika Utkastsson")
    company = Organisation.objects.get(name="Utkastbolaget AB")

    person_page = reader.get(ulrika.get_absolute_url())
    organisation_page = reader.get(company.get_absolute_url())
    found = reader.get(reverse("search:search"), {"q": "Utkastsson"})
    decisions = reader.get(reverse("decisions:decision_list"))

    assert (person_page.status_code, organisation_page.status_code) == (200, 200)
    assert [m.person for m in organisation_page.context["current"]] == [ulrika]
    assert [hit.url for hit in found.context["hits"]] == [ulrika.get_absolute_url()]
    assert list(decisions.context["filter"].form.fields["matter"].queryset) == [
        Matter.objects.get()
    ]


def test_a_person_the_review_unlinked_is_the_draft_s_own(network, ale, anna):
    text = MINUTES.format(date="2025-03-05")

    meeting = minutes_import(
        parsed=minutes_parse(text=text),
        network=network,
        source_text=text,
        unlinked=["Anna Andersson"],
    ).meeting

    new_anna = Person.objects.exclude(pk=anna.pk).get(full_name="Anna Andersson")
    assert new_anna.draft_meeting == meeting
    anna.refresh_from_db()
    assert anna.draft_meeting is None
