import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network.models import Appointment, Membership, Network, Organisation, Person


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


@pytest.fixture
def ale(db):
    return Organisation.objects.create(
        name="Ale kommun", short_name="Ale", kind=Organisation.Kind.MUNICIPALITY
    )


@pytest.fixture
def person(db):
    return Person.objects.create(full_name="Ebba Gierow", title="Socialchef")


def attend(person, organisation, network, date, *, status=Meeting.Status.PUBLISHED, **fields):
    """person at a one-day meeting of network on date, for organisation."""
    meeting, _ = Meeting.objects.get_or_create(
        network=network, start_date=date, defaults={"status": status}
    )
    day, _ = MeetingDay.objects.get_or_create(meeting=meeting, date=date)
    return Attendance.objects.create(day=day, person=person, organisation=organisation, **fields)


def make_action(organisation=None, person=None, *, date, network, status=Meeting.Status.PUBLISHED):
    meeting, _ = Meeting.objects.get_or_create(
        network=network, start_date=date, defaults={"status": status}
    )
    day, _ = MeetingDay.objects.get_or_create(meeting=meeting, date=date)
    item = AgendaItem.objects.create(day=day, number=day.items.count() + 1, title="Punkt")
    return Action.objects.create(
        item=item,
        text=f"Åtgärd {date}",
        responsible_person=person,
        responsible_organisation=organisation,
    )


def row_dates(html, organisation):
    """The from and to cells of the membership row of organisation on a person page."""
    row = html[html.index(f">{organisation}</a></th>") :]
    row = row[: row.index("</tr>")]
    return tuple(re.findall(r'class="date">([^<]+)</td>', row))


# --- /personer/<id>/ ---


def test_person_page_anonymous_is_sent_to_login(client, person):
    response = client.get(person.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next=/personer/{person.pk}/"


def test_person_page_unknown_is_404(member_client, db):
    assert member_client.get("/personer/999999/").status_code == 404


def test_person_page_member_sees_memberships_as_table_with_open_end(
    member_client, person, network, ale
):
    Membership.objects.create(
        person=person, network=network, organisation=ale, start_date=dt.date(2020, 1, 1)
    )

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ebba Gierow</h1>" in html
    assert '<p class="lead">Socialchef</p>' in html
    assert f'<a href="/organisationer/{ale.pk}/">Ale</a></th>' in html
    assert row_dates(html, "Ale") == ("2020-01-01", "nu")


def test_person_page_member_sees_attendance_at_published_meetings_only(
    member_client, person, network, ale
):
    attend(person, ale, network, dt.date(2023, 5, 1))
    attend(person, ale, network, dt.date(2024, 5, 1), status=Meeting.Status.DRAFT)

    response = member_client.get(person.get_absolute_url())

    assert [a.day.date for a in response.context["attendances"]] == [dt.date(2023, 5, 1)]
    assert response.context["attendance_years"] == [{"year": 2023, "attended": 1, "absent": 0}]


def test_person_page_editor_sees_attendance_at_drafts_too(editor_client, person, network, ale):
    attend(person, ale, network, dt.date(2023, 5, 1))
    attend(person, ale, network, dt.date(2024, 5, 1), status=Meeting.Status.DRAFT)

    response = editor_client.get(person.get_absolute_url())

    assert [a.day.date for a in response.context["attendances"]] == [
        dt.date(2024, 5, 1),
        dt.date(2023, 5, 1),
    ]


def test_person_page_public_setting_shows_published_attendance_only(
    client, settings, person, network, ale
):
    settings.REGISTRY_PUBLIC = True
    attend(person, ale, network, dt.date(2023, 5, 1))
    attend(person, ale, network, dt.date(2024, 5, 1), status=Meeting.Status.DRAFT)

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    assert [a.day.date for a in response.context["attendances"]] == [dt.date(2023, 5, 1)]


def test_person_page_counts_attendance_per_year_and_shows_note(member_client, person, network, ale):
    attend(person, ale, network, dt.date(2024, 3, 1))
    attend(
        person,
        ale,
        network,
        dt.date(2024, 5, 1),
        presence=Attendance.Presence.PARTIAL,
        note="punkt 4-8",
    )
    attend(person, ale, network, dt.date(2024, 9, 1), presence=Attendance.Presence.ABSENT)
    attend(person, ale, network, dt.date(2023, 9, 1))

    response = member_client.get(person.get_absolute_url())

    assert response.context["attendance_years"] == [
        {"year": 2024, "attended": 2, "absent": 1},
        {"year": 2023, "attended": 1, "absent": 0},
    ]
    assert 'Del av mötet <span class="note">(punkt 4-8)</span>' in response.content.decode()


def test_person_page_shows_appointment_with_its_decision(member_client, person, network, ale):
    attendance = attend(person, ale, network, dt.date(2024, 11, 8))
    item = AgendaItem.objects.create(day=attendance.day, number=4, title="Avtalet")
    decision = Decision.objects.create(item=item, text="Ebba Gierow utses.")
    Appointment.objects.create(
        person=person,
        network=network,
        body="styrgrupp tjänstepersoner",
        start_date=dt.date(2024, 11, 8),
        decision=decision,
    )

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert "styrgrupp tjänstepersoner" in html
    assert f'<a href="{decision.get_absolute_url()}">{decision.reference}</a>' in html


def test_person_page_hides_appointment_made_in_draft_minutes_from_members(
    member_client, person, network, ale
):
    attendance = attend(person, ale, network, dt.date(2024, 11, 8), status=Meeting.Status.DRAFT)
    item = AgendaItem.objects.create(day=attendance.day, number=4, title="Avtalet")
    decision = Decision.objects.create(item=item, text="Ebba Gierow utses.")
    Appointment.objects.create(
        person=person,
        network=network,
        body="styrgrupp",
        start_date=dt.date(2024, 11, 8),
        decision=decision,
    )

    response = member_client.get(person.get_absolute_url())

    assert response.context["appointments"] == []


def test_person_page_lists_actions_from_visible_meetings(member_client, person, network):
    make_action(person=person, date=dt.date(2024, 1, 1), network=network)
    make_action(
        person=person, date=dt.date(2024, 2, 1), network=network, status=Meeting.Status.DRAFT
    )

    response = member_client.get(person.get_absolute_url())

    assert [a.text for a in response.context["actions"]] == ["Åtgärd 2024-01-01"]
    assert response.context["action_total"] == 1


def every_30_days(n, start=dt.date(2023, 1, 1)):
    """n dates 30 days apart from start: 13 in 2023, then 2024 (n=25 ends 2024-12-21)."""
    return [start + dt.timedelta(days=30 * i) for i in range(n)]


def test_person_page_shows_newest_20_attendance_days_and_counts_years_over_all(
    member_client, person, network, ale
):
    dates = every_30_days(25)
    for i, date in enumerate(dates):
        presence = Attendance.Presence.ABSENT if i % 5 == 0 else Attendance.Presence.PRESENT
        attend(person, ale, network, date, presence=presence)

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert [a.day.date for a in response.context["attendances"]] == dates[:4:-1]
    assert response.context["attendance_years"] == [
        {"year": 2024, "attended": 10, "absent": 2},
        {"year": 2023, "attended": 10, "absent": 3},
    ]
    assert "<caption>Mötesdagar 1–20 av 25, senaste först</caption>" in html
    assert '<nav class="pagination" aria-label="Sidor med mötesdagar">' in html
    assert '<a href="?page=2#motesdagar" rel="next">' in html
    assert '<a href="?page=1#motesdagar" aria-label="Sida 1" aria-current="page">1</a>' in html


def test_person_page_second_page_shows_the_oldest_attendance_days(
    member_client, person, network, ale
):
    dates = every_30_days(25)
    for date in dates:
        attend(person, ale, network, date)

    response = member_client.get(person.get_absolute_url() + "?page=2")

    html = response.content.decode()
    assert [a.day.date for a in response.context["attendances"]] == dates[4::-1]
    assert response.context["attendance_years"] == [
        {"year": 2024, "attended": 12, "absent": 0},
        {"year": 2023, "attended": 13, "absent": 0},
    ]
    assert "<caption>Mötesdagar 21–25 av 25, senaste först</caption>" in html
    assert '<a href="?page=1#motesdagar" rel="prev">' in html
    assert '<a href="?page=2#motesdagar" aria-label="Sida 2" aria-current="page">2</a>' in html


def test_person_page_page_past_the_last_shows_the_last(member_client, person, network, ale):
    dates = every_30_days(25)
    for date in dates:
        attend(person, ale, network, date)

    response = member_client.get(person.get_absolute_url() + "?page=99")

    assert [a.day.date for a in response.context["attendances"]] == dates[4::-1]


def test_person_page_few_attendance_days_have_no_pages(member_client, person, network, ale):
    for date in every_30_days(3):
        attend(person, ale, network, date)

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert len(response.context["attendances"]) == 3
    assert "<caption>Mötesdagar, senaste först</caption>" in html
    assert 'class="pagination"' not in html


def test_person_page_shows_first_20_actions_with_link_to_all_in_registry(
    member_client, person, network
):
    for date in every_30_days(23):
        make_action(person=person, date=date, network=network)
    make_action(
        person=person, date=dt.date(2025, 1, 1), network=network, status=Meeting.Status.DRAFT
    )

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert len(response.context["actions"]) == 20
    assert response.context["action_total"] == 23
    assert "<p>Visar 20 av 23 åtgärder, de som inte följts upp och pågående först.</p>" in html
    link = f"/atgarder/?person={person.pk}"
    assert f'<a href="{link}">Alla 23 åtgärder i åtgärdsregistret</a>' in html
    registry = member_client.get(link)
    assert registry.context["page"].paginator.count == 23


def test_person_page_lists_open_actions_before_done_ones(member_client, person, network):
    dates = every_30_days(21)
    done = [make_action(person=person, date=date, network=network) for date in dates[1:]]
    Action.objects.filter(pk__in=[a.pk for a in done]).update(status=Action.Status.DONE)
    make_action(person=person, date=dates[0], network=network)  # the oldest, still open

    response = member_client.get(person.get_absolute_url())

    texts = [a.text for a in response.context["actions"]]
    assert texts == [f"Åtgärd {dates[0]}"] + [f"Åtgärd {date}" for date in dates[:1:-1]]


def test_person_page_single_action_links_to_registry_without_count(member_client, person, network):
    make_action(person=person, date=dt.date(2024, 1, 1), network=network)

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert "Visar " not in html
    assert f'<a href="/atgarder/?person={person.pk}">Åtgärden i åtgärdsregistret</a>' in html


@pytest.mark.parametrize("n", [1, 3, 25])
def test_person_page_query_count_is_bounded(
    member_client, person, network, ale, django_assert_max_num_queries, n
):
    for i in range(n):
        date = dt.date(2000 + i, 5, 1)
        attend(person, ale, network, date)
        Membership.objects.create(person=person, network=network, organisation=ale, start_date=date)
        make_action(person=person, date=date, network=network)

    # session, user, permissions x2, person, names, memberships, appointments,
    # attendances per year, a page of attendances, first actions, action count; measured: 12.
    with django_assert_max_num_queries(12):
        response = member_client.get(person.get_absolute_url())

    assert len(response.context["attendances"]) == min(n, 20)
    assert len(response.context["actions"]) == min(n, 20)


def test_person_page_demo_shows_christina_alvelins_moves(member_client, demo):
    person = Person.objects.get(full_name="Christina Alvelin")

    response = member_client.get(person.get_absolute_url())

    html = response.content.decode()
    assert [
        (m.organisation.short_name, m.start_date, m.end_date)
        for m in response.context["memberships"]
    ] == [
        ("Lerum", dt.date(2019, 2, 14), dt.date(2021, 12, 9)),
        ("Göteborg", dt.date(2021, 12, 10), dt.date(2024, 11, 6)),
        ("Mölndal", dt.date(2024, 11, 7), None),
    ]
    lerum, goteborg, molndal = (
        html.index(f">{name}</a></th>") for name in ("Lerum", "Göteborg", "Mölndal")
    )
    assert lerum < goteborg < molndal
    assert row_dates(html, "Lerum") == ("2019-02-14", "2021-12-09")
    assert row_dates(html, "Göteborg") == ("2021-12-10", "2024-11-06")
    assert row_dates(html, "Mölndal") == ("2024-11-07", "nu")


# --- /organisationer/<id>/ ---


def test_organisation_page_anonymous_is_sent_to_login(client, ale):
    response = client.get(ale.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next=/organisationer/{ale.pk}/"


def test_organisation_page_unknown_is_404(member_client, db):
    assert member_client.get("/organisationer/999999/").status_code == 404


def test_organisation_page_member_sees_current_and_former_members(member_client, network, ale):
    now = Person.objects.create(full_name="Nu Varande")
    then = Person.objects.create(full_name="Förr Varande")
    Membership.objects.create(
        person=now, network=network, organisation=ale, start_date=dt.date(2022, 1, 1)
    )
    Membership.objects.create(
        person=then,
        network=network,
        organisation=ale,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )

    response = member_client.get(ale.get_absolute_url())

    assert response.status_code == 200
    assert [m.person.full_name for m in response.context["current"]] == ["Nu Varande"]
    assert [m.person.full_name for m in response.context["former"]] == ["Förr Varande"]


def test_organisation_page_shows_parent_units_and_written_forms(member_client, db):
    gr = Organisation.objects.create(
        name="Göteborgsregionen", short_name="GR", kind=Organisation.Kind.REGIONAL_BODY
    )
    fou = Organisation.objects.create(name="FoU i Väst", short_name="FoU i Väst", parent=gr)
    gr.names.create(name="Göteborgsregionens kommunalförbund")

    gr_html = member_client.get(gr.get_absolute_url()).content.decode()
    fou_html = member_client.get(fou.get_absolute_url()).content.decode()

    assert "<dd>Göteborgsregionens kommunalförbund</dd>" in gr_html
    assert f'<li><a href="/organisationer/{fou.pk}/">FoU i Väst</a></li>' in gr_html
    assert f'<dd><a href="/organisationer/{gr.pk}/">Göteborgsregionen</a></dd>' in fou_html


def test_organisation_page_counts_meetings_represented_absent_and_missing(
    member_client, network, ale
):
    person = Person.objects.create(full_name="Ebba Gierow")
    Membership.objects.create(
        person=person, network=network, organisation=ale, start_date=dt.date(2023, 1, 1)
    )
    attend(person, ale, network, dt.date(2023, 3, 1))
    attend(person, ale, network, dt.date(2023, 6, 1), presence=Attendance.Presence.ABSENT)
    other = Person.objects.create(full_name="Annan Person")
    attend(other, None, network, dt.date(2023, 9, 1))
    attend(other, None, network, dt.date(2022, 9, 1))  # before Ale's first member: not counted

    response = member_client.get(ale.get_absolute_url())

    assert response.context["representation"] == [
        {
            "year": 2023,
            "meetings": 3,
            "attended": 1,
            "absent": 1,
            "missing": 1,
            "share": 33,
            "words": "1 av 3 möten, 33 %",
        }
    ]
    assert response.context["chart"].description == "2023: 1 av 3 möten, 33 %."


def test_organisation_page_shows_the_share_of_meetings_attended_per_year(
    member_client, network, ale
):
    ebba = Person.objects.create(full_name="Ebba Gierow")
    Membership.objects.create(
        person=ebba, network=network, organisation=ale, start_date=dt.date(2023, 1, 1)
    )
    # 2023: four meetings, one of two days attended on its second day only; one missed.
    two_days = attend(ebba, None, network, dt.date(2023, 3, 1)).day.meeting
    MeetingDay.objects.create(meeting=two_days, date=dt.date(2023, 3, 2))
    Attendance.objects.create(
        day=two_days.days.get(date=dt.date(2023, 3, 2)), person=ebba, organisation=ale
    )
    attend(ebba, ale, network, dt.date(2023, 6, 1))
    attend(ebba, ale, network, dt.date(2023, 9, 1), remote=True)
    attend(Person.objects.create(full_name="Annan Person"), None, network, dt.date(2023, 11, 1))
    # 2024: one of two, apologies sent to the other.
    attend(ebba, ale, network, dt.date(2024, 2, 1))
    attend(ebba, ale, network, dt.date(2024, 5, 1), presence=Attendance.Presence.ABSENT)

    response = member_client.get(ale.get_absolute_url())

    assert [
        (r["year"], r["meetings"], r["attended"], r["absent"], r["missing"], r["share"])
        for r in response.context["representation"]
    ] == [(2023, 4, 3, 0, 1, 75), (2024, 2, 1, 1, 0, 50)]
    chart = response.context["chart"]
    assert chart.description == "2023: 3 av 4 möten, 75 %; 2024: 1 av 2 möten, 50 %."
    assert [t.label for t in chart.ticks] == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    html = response.content.decode()
    assert '<td data-label="Andel företrädd" class="numeric">75 %</td>' in html
    assert ">75 %</text>" in html  # the share written over the bar


def test_organisation_page_guest_share_counts_the_networks_meetings_since_its_first_visit(
    member_client, network, ale
):
    guest = Person.objects.create(full_name="Gäst Gästsson")
    other = Person.objects.create(full_name="Annan Person")
    attend(other, None, network, dt.date(2022, 3, 1))  # before the guest's first visit
    attend(guest, ale, network, dt.date(2023, 3, 1))
    attend(other, None, network, dt.date(2023, 6, 1))

    response = member_client.get(ale.get_absolute_url())

    assert [(r["year"], r["words"]) for r in response.context["representation"]] == [
        (2023, "1 av 2 möten, 50 %")
    ]


def test_organisation_page_member_does_not_count_draft_meetings(member_client, network, ale):
    person = Person.objects.create(full_name="Ebba Gierow")
    Membership.objects.create(
        person=person, network=network, organisation=ale, start_date=dt.date(2023, 1, 1)
    )
    attend(person, ale, network, dt.date(2023, 3, 1))
    attend(person, ale, network, dt.date(2023, 6, 1), status=Meeting.Status.DRAFT)

    response = member_client.get(ale.get_absolute_url())

    assert [(r["year"], r["meetings"], r["words"]) for r in response.context["representation"]] == [
        (2023, 1, "1 av 1 möte, 100 %")
    ]


def test_organisation_page_editor_counts_draft_meetings(editor_client, network, ale):
    person = Person.objects.create(full_name="Ebba Gierow")
    attend(person, ale, network, dt.date(2023, 3, 1))
    attend(person, ale, network, dt.date(2023, 6, 1), status=Meeting.Status.DRAFT)

    response = editor_client.get(ale.get_absolute_url())

    assert [(r["year"], r["meetings"], r["words"]) for r in response.context["representation"]] == [
        (2023, 2, "2 av 2 möten, 100 %")
    ]


def test_organisation_page_public_setting_shows_published_only(client, settings, network, ale):
    settings.REGISTRY_PUBLIC = True
    person = Person.objects.create(full_name="Ebba Gierow")
    attend(person, ale, network, dt.date(2023, 3, 1))
    attend(person, ale, network, dt.date(2024, 6, 1), status=Meeting.Status.DRAFT)
    make_action(ale, date=dt.date(2024, 6, 1), network=network)

    response = client.get(ale.get_absolute_url())

    assert response.status_code == 200
    assert [row["year"] for row in response.context["representation"]] == [2023]
    assert list(response.context["actions"]) == []


def test_organisation_page_lists_appointments_held_while_member(member_client, network, ale):
    person = Person.objects.create(full_name="Ebba Gierow")
    Membership.objects.create(
        person=person, network=network, organisation=ale, start_date=dt.date(2023, 1, 1)
    )
    Appointment.objects.create(
        person=person, network=network, body="styrgrupp", start_date=dt.date(2024, 11, 8)
    )
    Appointment.objects.create(
        person=person,
        network=network,
        body="innan Ale",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )

    response = member_client.get(ale.get_absolute_url())

    assert [a.body for a in response.context["appointments"]] == ["styrgrupp"]


def test_organisation_page_shows_first_20_actions_with_link_to_all_in_registry(
    member_client, network, ale
):
    for date in every_30_days(23):
        make_action(ale, date=date, network=network)

    response = member_client.get(ale.get_absolute_url())

    html = response.content.decode()
    assert len(response.context["actions"]) == 20
    assert response.context["action_total"] == 23
    assert "<p>Visar 20 av 23 åtgärder, de som inte följts upp och pågående först.</p>" in html
    link = f"/atgarder/?organisation={ale.pk}"
    assert f'<a href="{link}">Alla 23 åtgärder i åtgärdsregistret</a>' in html
    registry = member_client.get(link)
    assert registry.context["page"].paginator.count == 23


def test_organisation_page_shows_20_latest_former_members_of_all(member_client, network, ale):
    ends = every_30_days(23, start=dt.date(2001, 1, 1))
    for i, end in enumerate(ends):
        person = Person.objects.create(full_name=f"Förr {i:02}")
        Membership.objects.create(
            person=person,
            network=network,
            organisation=ale,
            start_date=dt.date(2000, 1, 1),
            end_date=end,
        )
    Membership.objects.create(
        person=Person.objects.create(full_name="Nu Varande"),
        network=network,
        organisation=ale,
        start_date=dt.date(2020, 1, 1),
    )

    response = member_client.get(ale.get_absolute_url())

    html = response.content.decode()
    assert [m.person.full_name for m in response.context["current"]] == ["Nu Varande"]
    assert [m.person.full_name for m in response.context["former"]] == [
        f"Förr {i:02}" for i in range(22, 2, -1)
    ]
    assert response.context["former_total"] == 23
    assert "<p>Visar de 20 senast avslutade av 23 tidigare medlemskap." in html


def test_organisation_page_shows_20_latest_appointments_of_all(member_client, network, ale):
    person = Person.objects.create(full_name="Ebba Gierow")
    Membership.objects.create(
        person=person, network=network, organisation=ale, start_date=dt.date(2000, 1, 1)
    )
    starts = every_30_days(23)
    for i, start in enumerate(starts):
        Appointment.objects.create(
            person=person, network=network, body=f"grupp {i:02}", start_date=start
        )

    response = member_client.get(ale.get_absolute_url())

    html = response.content.decode()
    assert [a.body for a in response.context["appointments"]] == [
        f"grupp {i:02}" for i in range(22, 2, -1)
    ]
    assert response.context["appointment_total"] == 23
    assert "<p>Visar de 20 senaste av 23 uppdrag." in html


@pytest.mark.parametrize("n", [1, 3, 25])
def test_organisation_page_query_count_is_bounded(
    member_client, network, ale, django_assert_max_num_queries, n
):
    for i in range(n):
        date = dt.date(2000 + i, 5, 1)
        person = Person.objects.create(full_name=f"Person {i}")
        Membership.objects.create(person=person, network=network, organisation=ale, start_date=date)
        Appointment.objects.create(person=person, network=network, body="grupp", start_date=date)
        attend(person, ale, network, date)
        make_action(ale, date=date, network=network)

    # session, user, permissions x2, organisation+parent, names, units, memberships, last seen,
    # networks' latest meetings, attendances, meeting days, appointments, first actions,
    # action count, whether the member follows it (the alert button); measured: 16.
    with django_assert_max_num_queries(16):
        response = member_client.get(ale.get_absolute_url())

    assert len(response.context["profile"]["representation"]) == n
    assert len(response.context["profile"]["appointments"]) == min(n, 20)
    assert len(response.context["profile"]["actions"]) == min(n, 20)


def test_organisation_page_demo_molndal_has_attendance_chart(member_client, demo):
    molndal = Organisation.objects.get(short_name="Mölndal")

    response = member_client.get(molndal.get_absolute_url())

    html = response.content.decode()
    assert [bar.label for bar in response.context["chart"].bars] == [
        "2019",
        "2020",
        "2021",
        "2023",
        "2024",
    ]
    assert '<svg role="img" aria-labelledby="narvaro-diagram-title narvaro-diagram-desc"' in html
    for year in ("2019", "2020", "2021", "2023", "2024"):
        assert f'text-anchor="middle">{year}</text>' in html
    assert 'y="100,0"' not in html  # coordinates keep their decimal point in Swedish


def test_organisation_page_sets_apart_members_not_seen_for_a_year(member_client, network, ale):
    active = Person.objects.create(full_name="Aktiv Chef")
    excused = Person.objects.create(full_name="Anmält Förhinder")
    gone = Person.objects.create(full_name="Borta Sedan Länge")
    for person in (active, excused, gone):
        Membership.objects.create(
            person=person, network=network, organisation=ale, start_date=dt.date(2019, 2, 14)
        )
    attend(gone, ale, network, dt.date(2019, 2, 14))
    attend(active, ale, network, dt.date(2024, 11, 7))
    attend(excused, ale, network, dt.date(2024, 11, 7), presence=Attendance.Presence.ABSENT)

    response = member_client.get(ale.get_absolute_url())

    current = [(m.person.full_name, m.last_seen) for m in response.context["current"]]
    unseen = [(m.person.full_name, m.last_seen) for m in response.context["unseen"]]
    assert current == [
        ("Aktiv Chef", dt.date(2024, 11, 7)),
        ("Anmält Förhinder", dt.date(2024, 11, 7)),
    ]
    assert unseen == [("Borta Sedan Länge", dt.date(2019, 2, 14))]
    html = response.content.decode()
    assert "Inte sedda på ett år" in html
    assert '<td data-label="Senast på möte" class="date">2019-02-14</td>' in html


def test_organisation_page_new_member_not_yet_at_a_meeting_is_current(member_client, network, ale):
    veteran = Person.objects.create(full_name="Veteran")
    attend(veteran, ale, network, dt.date(2024, 11, 7))
    newcomer = Person.objects.create(full_name="Ny Chef")
    Membership.objects.create(
        person=newcomer, network=network, organisation=ale, start_date=dt.date(2024, 10, 1)
    )

    response = member_client.get(ale.get_absolute_url())

    assert [(m.person.full_name, m.last_seen) for m in response.context["current"]] == [
        ("Ny Chef", None)
    ]
    assert response.context["unseen"] == []
    assert "Inte sedda på ett år" not in response.content.decode()


def test_organisation_page_demo_goteborg_current_members_are_those_seen_lately(member_client, demo):
    goteborg = Organisation.objects.get(short_name="Göteborg")

    response = member_client.get(goteborg.get_absolute_url())

    seen = {m.person.full_name: m.last_seen for m in response.context["current"]}
    assert all(date >= dt.date(2023, 11, 7) for date in seen.values() if date)
    assert "Tina Isaksson" in {m.person.full_name for m in response.context["unseen"]}
