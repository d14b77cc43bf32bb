"""/api/v1/: every endpoint for every persona, drafts absent, filters, cursors, conditional GET,
API keys, the OpenAPI document and query-count guards."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from api.models import ApiToken
from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Matter, Meeting, MeetingDay
from network.models import Appointment, Membership, Network, Organisation, Person


@pytest.fixture
def network(db):
    ale = Organisation.objects.create(
        name="Ale kommun", short_name="Ale", kind=Organisation.Kind.MUNICIPALITY
    )
    return Network.objects.create(name="Socialchefsnätverket", slug="scn", organisation=ale)


def make_meetings(network, n, *, status=Meeting.Status.PUBLISHED, start=dt.date(2020, 1, 6)):
    """n meetings a week apart, each with one day, two items (a decision under the first, an
    action under it), one attendee there the whole day and one remote for item 2 only."""
    ale, _ = Organisation.objects.get_or_create(
        short_name="Ale", defaults={"name": "Ale kommun", "kind": Organisation.Kind.MUNICIPALITY}
    )
    anna, _ = Person.objects.get_or_create(full_name="Anna Andersson")
    bo, _ = Person.objects.get_or_create(full_name="Bo Berg")
    meetings = []
    for i in range(n):
        date = start + dt.timedelta(weeks=i)
        meeting = Meeting.objects.create(
            network=network,
            start_date=date,
            status=status,
            published_at=timezone.now() if status == Meeting.Status.PUBLISHED else None,
        )
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        first = AgendaItem.objects.create(day=day, number=1, title=f"Punkt {i}")
        second = AgendaItem.objects.create(day=day, number=2, title="Övrigt")
        Attendance.objects.create(day=day, person=anna, organisation=ale)
        partial = Attendance.objects.create(
            day=day,
            person=bo,
            organisation=ale,
            presence=Attendance.Presence.PARTIAL,
            remote=True,
            position=1,
        )
        partial.items.add(second)
        decision = Decision.objects.create(item=first, text=f"Beslut nummer {i}.")
        Action.objects.create(item=first, decision=decision, text=f"Åtgärd {i}", due_date=date)
        meetings.append(meeting)
    return meetings


@pytest.fixture
def token_key(member):
    token = ApiToken(user=member, name="Intranätet")
    key = token.set_new_key()
    token.save()
    return key


@pytest.fixture
def token_client(client, token_key):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_key}"
    return client


@pytest.fixture
def public_client(client, settings, db):
    settings.REGISTRY_PUBLIC = True
    return client


READERS = ["public_client", "member_client", "token_client", "editor_client"]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Access ------------------------------------------------------------------------------------

LISTS = ["/api/v1/networks", "/api/v1/meetings", "/api/v1/decisions", "/api/v1/actions"]


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/people", "/api/v1/networks/scn"])
def test_api_anonymous_is_unauthorized(client, network, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize("path", LISTS)
def test_api_lists_published_only_for_every_reader(request, network, persona, path):
    client = request.getfixturevalue(persona)
    make_meetings(network, 1)
    make_meetings(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    rows = results(client.get(path))

    # Drafts are for nobody in the API, editors included (api.views).
    assert len(rows) == 1
    assert "2021-01-04" not in json.dumps(rows)


@pytest.mark.parametrize("persona", READERS)
def test_api_people_lists_roles_for_every_reader(request, network, persona):
    client = request.getfixturevalue(persona)
    anna = Person.objects.create(full_name="Anna Andersson")
    Membership.objects.create(
        person=anna, network=network, organisation=network.organisation, start_date="2020-01-01"
    )
    Person.objects.create(full_name="Utan Roll")

    rows = results(client.get("/api/v1/people"))

    assert rows == [
        {
            "id": anna.pk,
            "full_name": "Anna Andersson",
            "title": "",
            "memberships": [
                {
                    "network": "scn",
                    "organisation": "Ale",
                    "role": "member",
                    "start_date": "2020-01-01",
                    "end_date": None,
                }
            ],
            "appointments": [],
        }
    ]


@pytest.mark.parametrize("persona", READERS)
def test_api_draft_details_are_not_found_for_every_reader(request, network, persona):
    client = request.getfixturevalue(persona)
    (draft,) = make_meetings(network, 1, status=Meeting.Status.DRAFT)
    decision = Decision.objects.get(item__day__meeting=draft)

    assert client.get(f"/api/v1/meetings/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/decisions/{decision.slug}").status_code == 404


def detail_paths(network):
    """The address of every detail endpoint for a published meeting's records."""
    (meeting,) = make_meetings(network, 1)
    decision = Decision.objects.get()
    anna = Person.objects.get(full_name="Anna Andersson")
    Membership.objects.create(
        person=anna, network=network, organisation=network.organisation, start_date="2020-01-01"
    )
    return [
        "/api/v1/networks/scn",
        f"/api/v1/meetings/{meeting.pk}",
        f"/api/v1/decisions/{decision.slug}",
        f"/api/v1/people/{anna.pk}",
    ]


@pytest.mark.parametrize("persona", READERS)
def test_api_details_are_read_by_every_reader(request, network, persona):
    client = request.getfixturevalue(persona)

    statuses = [client.get(path).status_code for path in detail_paths(network)]

    assert statuses == [200, 200, 200, 200]


def test_api_details_anonymous_is_unauthorized(client, network):
    statuses = [client.get(path).status_code for path in detail_paths(network)]

    assert statuses == [401, 401, 401, 401]


def test_api_invalid_token_is_unauthorized_even_when_public(public_client, token_key):
    response = public_client.get("/api/v1/decisions", HTTP_AUTHORIZATION="Bearer wrong")

    assert response.status_code == 401


def test_api_token_of_inactive_user_is_unauthorized(client, member, token_key):
    member.is_active = False
    member.save()

    response = client.get("/api/v1/networks", HTTP_AUTHORIZATION=f"Bearer {token_key}")

    assert response.status_code == 401


def test_api_token_other_scheme_is_unauthorized(client, token_key):
    response = client.get("/api/v1/networks", HTTP_AUTHORIZATION=f"Token {token_key}")

    assert response.status_code == 401


def test_api_token_use_is_noted(token_client):
    token = ApiToken.objects.get()
    assert token.last_used_at is None

    token_client.get("/api/v1/networks")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_api_token_stores_only_a_hash(member):
    token = ApiToken(user=member, name="Intranätet")
    key = token.set_new_key()
    token.save()

    assert len(key) == 43
    assert key not in token.key_hash
    assert token.prefix == key[:8]
    assert ApiToken.objects.authenticate(key) == token


def test_api_token_renewed_old_key_stops_working(client, token_key):
    token = ApiToken.objects.get()
    new_key = token.set_new_key()
    token.save()

    old = client.get("/api/v1/networks", HTTP_AUTHORIZATION=f"Bearer {token_key}")
    new = client.get("/api/v1/networks", HTTP_AUTHORIZATION=f"Bearer {new_key}")

    assert (old.status_code, new.status_code) == (401, 200)


def test_api_token_created_in_admin_shows_the_key_once(admin_client, member):
    response = admin_client.post(
        "/admin/api/apitoken/add/", {"user": member.pk, "name": "Intranätet"}, follow=True
    )

    token = ApiToken.objects.get()
    (message,) = [str(m) for m in response.context["messages"] if "visas bara nu" in str(m)]
    assert message.startswith("Nyckeln för ”Intranätet” visas bara nu, spara den: ")
    key = message.rsplit(": ", 1)[1]
    assert ApiToken.objects.authenticate(key) == token
    assert token.user == member


# Content -----------------------------------------------------------------------------------


def test_api_meeting_detail_has_days_attendance_and_items(member_client, network):
    (meeting,) = make_meetings(network, 1)
    anna = Person.objects.get(full_name="Anna Andersson")
    bo = Person.objects.get(full_name="Bo Berg")

    response = member_client.get(f"/api/v1/meetings/{meeting.pk}")

    data = response.json()
    assert data["url"] == f"http://testserver/moten/{meeting.pk}/"
    assert data["network"] == {"slug": "scn", "name": "Socialchefsnätverket"}
    assert data["title"] == "Anteckningar"
    (day,) = data["days"]
    assert day["date"] == "2020-01-06"
    assert day["attendance"] == [
        {
            "person": {"id": anna.pk, "full_name": "Anna Andersson"},
            "organisation": "Ale",
            "organisation_as_written": "",
            "group": "network",
            "presence": "present",
            "remote": False,
            "note": "",
            "items": [],
        },
        {
            "person": {"id": bo.pk, "full_name": "Bo Berg"},
            "organisation": "Ale",
            "organisation_as_written": "",
            "group": "network",
            "presence": "partial",
            "remote": True,
            "note": "",
            "items": [2],
        },
    ]
    assert [(i["number"], i["title"], i["decisions"]) for i in day["items"]] == [
        (1, "Punkt 0", ["Socialchefsnätverket 2020-01-06 §1"]),
        (2, "Övrigt", []),
    ]


def test_api_decision_detail_has_reference_present_and_appointments(member_client, network):
    make_meetings(network, 1)
    decision = Decision.objects.get()
    anna = Person.objects.get(full_name="Anna Andersson")
    Appointment.objects.create(
        person=anna, network=network, body="styrgrupp", start_date="2020-01-06", decision=decision
    )

    response = member_client.get(f"/api/v1/decisions/{decision.slug}")

    data = response.json()
    assert data["reference"] == "Socialchefsnätverket 2020-01-06 §1"
    assert data["url"] == "http://testserver/beslut/socialchefsnatverket-2020-01-06-1/"
    assert (data["kind"], data["date"], data["item_number"]) == ("beslut", "2020-01-06", 1)
    # Bo was there for item 2 only: not present when the decision under item 1 was taken.
    assert data["present"] == [
        {
            "person": {"id": anna.pk, "full_name": "Anna Andersson"},
            "organisation": "Ale",
            "group": "network",
            "presence": "present",
            "remote": False,
        }
    ]
    assert data["appointments"] == [
        {
            "person": {"id": anna.pk, "full_name": "Anna Andersson"},
            "network": "scn",
            "body": "styrgrupp",
            "role": "representant",
            "start_date": "2020-01-06",
            "end_date": None,
        }
    ]


def test_api_decision_follows_up_and_replaces_only_published(member_client, network):
    (old,) = make_meetings(network, 1)
    (draft,) = make_meetings(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))
    (new,) = make_meetings(network, 1, start=dt.date(2022, 1, 3))
    old_decision, draft_decision, new_decision = (
        Decision.objects.get(item__day__meeting=m) for m in (old, draft, new)
    )
    new_decision.follows_up.add(old_decision, draft_decision)
    new_decision.replaces = draft_decision
    new_decision.save()

    data = member_client.get(f"/api/v1/decisions/{new_decision.slug}").json()

    assert data["follows_up"] == ["Socialchefsnätverket 2020-01-06 §1"]
    assert data["replaces"] is None


def test_api_people_leave_out_appointments_made_in_drafts(member_client, network):
    make_meetings(network, 1, status=Meeting.Status.DRAFT)
    anna = Person.objects.get(full_name="Anna Andersson")
    Appointment.objects.create(
        person=anna,
        network=network,
        body="hemlig grupp",
        start_date="2020-01-06",
        decision=Decision.objects.get(),
    )
    Appointment.objects.create(
        person=anna, network=network, body="styrgrupp", start_date="2019-01-01"
    )

    rows = results(member_client.get("/api/v1/people"))

    assert [(p["full_name"], [a["body"] for a in p["appointments"]]) for p in rows] == [
        ("Anna Andersson", ["styrgrupp"])
    ]
    assert member_client.get(f"/api/v1/people/{anna.pk}").json()["appointments"][0]["body"] == (
        "styrgrupp"
    )


def test_api_action_list_has_status_responsible_and_due(member_client, network):
    make_meetings(network, 1)
    action = Action.objects.get()
    action.responsible_person = Person.objects.get(full_name="Anna Andersson")
    action.save()

    (row,) = results(member_client.get("/api/v1/actions"))

    assert row == {
        "id": action.pk,
        "text": "Åtgärd 0",
        "status": "open",
        "overdue": True,
        "not_followed_up": True,
        "due_date": "2020-01-06",
        "due_text": "",
        "responsible_person": {"id": action.responsible_person_id, "full_name": "Anna Andersson"},
        "responsible_organisation": None,
        "responsible_as_written": "",
        "decision": "Socialchefsnätverket 2020-01-06 §1",
        "meeting": action.item.day.meeting_id,
        "network": {"slug": "scn", "name": "Socialchefsnätverket"},
        "date": "2020-01-06",
        "item_number": 1,
    }


def test_api_action_leaves_out_a_decision_in_a_draft(member_client, network):
    make_meetings(network, 1)
    make_meetings(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))
    Action.objects.filter(item__day__date="2020-01-06").update(
        decision=Decision.objects.get(item__day__date="2021-01-04")
    )

    (row,) = results(member_client.get("/api/v1/actions"))

    assert row["decision"] is None


def test_api_network_detail(member_client, network):
    response = member_client.get("/api/v1/networks/scn")

    assert response.json() == {
        "slug": "scn",
        "name": "Socialchefsnätverket",
        "description": "",
        "organisation": "Ale",
    }
    assert member_client.get("/api/v1/networks/nope").status_code == 404


# Filters -----------------------------------------------------------------------------------


@pytest.fixture
def two_networks(network):
    other = Network.objects.create(name="Nätverket för IFO-chefer", slug="ifo")
    make_meetings(network, 2, start=dt.date(2020, 12, 21))  # 2020-12-21 and 2020-12-28
    make_meetings(other, 1, start=dt.date(2021, 3, 1))
    return network, other


def references(response):
    return [row["reference"] for row in results(response)]


def test_api_decisions_filter_by_year_network_kind_and_text(member_client, two_networks):
    Decision.objects.filter(item__day__date="2020-12-28").update(
        kind=Decision.Kind.STALLNINGSTAGANDE
    )

    assert references(member_client.get("/api/v1/decisions", {"year": 2021})) == [
        "Nätverket för IFO-chefer 2021-03-01 §1"
    ]
    assert references(member_client.get("/api/v1/decisions", {"network": "scn"})) == [
        "Socialchefsnätverket 2020-12-28 §1",
        "Socialchefsnätverket 2020-12-21 §1",
    ]
    assert references(member_client.get("/api/v1/decisions", {"kind": "ställningstagande"})) == [
        "Socialchefsnätverket 2020-12-28 §1"
    ]
    assert references(member_client.get("/api/v1/decisions", {"q": "nummer 1"})) == [
        "Socialchefsnätverket 2020-12-28 §1"
    ]


def test_api_decisions_filter_by_matter(member_client, two_networks):
    network, _ = two_networks
    matter = Matter.objects.create(network=network, title="Nära vård")
    AgendaItem.objects.filter(day__date="2020-12-21", number=1).update(matter=matter)

    rows = results(member_client.get("/api/v1/decisions", {"matter": matter.pk}))

    assert [(r["reference"], r["matter"]) for r in rows] == [
        ("Socialchefsnätverket 2020-12-21 §1", {"id": matter.pk, "title": "Nära vård"})
    ]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"network": "nope"}, ["network"]),
        ({"kind": "xyz"}, ["kind"]),
        ({"year": 1999}, ["year"]),
    ],
)
def test_api_decisions_invalid_filter_is_400(member_client, two_networks, params, errors):
    response = member_client.get("/api/v1/decisions", params)

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid filter"
    assert list(response.json()["errors"]) == errors


def test_api_meetings_filter_by_network_and_dates(member_client, two_networks):
    def dates(params):
        return [m["start_date"] for m in results(member_client.get("/api/v1/meetings", params))]

    assert dates({"network": "ifo"}) == ["2021-03-01"]
    assert dates({"start_from": "2020-12-22"}) == ["2021-03-01", "2020-12-28"]
    assert dates({"start_from": "2020-12-22", "start_to": "2020-12-31"}) == ["2020-12-28"]
    assert dates({"year": 2020}) == ["2020-12-28", "2020-12-21"]
    assert member_client.get("/api/v1/meetings", {"start_from": "igår"}).status_code == 422


def test_api_actions_filter_by_status_and_network(member_client, two_networks):
    Action.objects.filter(item__day__date="2020-12-21").update(status=Action.Status.DONE)
    Action.objects.filter(item__day__date="2021-03-01").update(due_date=None)

    def texts(params):
        return [a["text"] for a in results(member_client.get("/api/v1/actions", params))]

    assert texts({"status": "done"}) == ["Åtgärd 0"]
    assert texts({"status": "overdue"}) == ["Åtgärd 1"]
    assert texts({"status": "open", "network": "ifo"}) == ["Åtgärd 0"]
    assert member_client.get("/api/v1/actions", {"status": "late"}).status_code == 400


# Cursor pagination -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/meetings", "/api/v1/decisions", "/api/v1/actions"])
def test_api_cursor_is_stable_while_records_arrive(member_client, network, path):
    make_meetings(network, 5)
    everything = [row for row in results(member_client.get(path, {"page_size": 100}))]

    first = member_client.get(path, {"page_size": 2}).json()
    # A meeting published between two pages (newest first: it goes before the first page).
    make_meetings(network, 1, start=dt.date(2023, 1, 2))
    second = member_client.get(first["next"]).json()
    third = member_client.get(second["next"]).json()

    paged = first["results"] + second["results"] + third["results"]
    assert paged == everything
    assert third["next"] is None
    assert member_client.get(second["previous"]).json()["results"] == first["results"]


def test_api_cursor_is_opaque_and_keeps_filters(member_client, network):
    make_meetings(network, 3)

    first = member_client.get("/api/v1/decisions", {"page_size": 1, "kind": "beslut"}).json()

    assert first["next"].startswith("http://testserver/api/v1/decisions?cursor=")
    assert "kind=beslut" in first["next"]
    assert first["previous"] is None


def test_api_page_size_is_capped_at_100(member_client, network):
    make_meetings(network, 101)

    response = member_client.get("/api/v1/decisions", {"page_size": 500})

    assert len(results(response)) == 100


def test_api_invalid_cursor_is_refused(member_client, network):
    response = member_client.get("/api/v1/decisions", {"cursor": "!!not-a-cursor"})

    assert response.status_code == 422


# Conditional GET ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [*LISTS, "/api/v1/people", "/api/v1/networks/scn", "/api/v1/meetings/{meeting}"]
)
def test_api_matching_etag_is_304(member_client, network, path):
    (meeting,) = make_meetings(network, 1)
    path = path.format(meeting=meeting.pk)
    first = member_client.get(path)

    again = member_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_api_etag_changes_with_the_content(member_client, network):
    make_meetings(network, 1)
    first = member_client.get("/api/v1/decisions")
    Person.objects.filter(full_name="Anna Andersson").update(full_name="Anna Ek")

    again = member_client.get("/api/v1/decisions", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


@pytest.mark.parametrize("path", ["/api/v1/meetings", "/api/v1/decisions", "/api/v1/meetings/{m}"])
def test_api_if_modified_since_is_304_until_a_meeting_is_saved(member_client, network, path):
    (meeting,) = make_meetings(network, 1)
    path = path.format(m=meeting.pk)
    first = member_client.get(path)

    unchanged = member_client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    Meeting.objects.filter(pk=meeting.pk).update(
        updated_at=meeting.updated_at + dt.timedelta(seconds=5)
    )
    changed = member_client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert unchanged.status_code == 304
    assert changed.status_code == 200


def test_api_responses_vary_by_credentials_and_are_revalidated(member_client, network):
    response = member_client.get("/api/v1/networks")

    assert response["Vary"] == "Authorization, Cookie, Accept-Language"
    assert response["Cache-Control"] == "private, no-cache"


# OpenAPI -----------------------------------------------------------------------------------


def test_api_openapi_document_is_valid(client, db):
    response = client.get("/api/v1/openapi.json")

    document = response.json()
    validate(document)
    assert sorted(document["paths"]) == [
        "/api/v1/actions",
        "/api/v1/decisions",
        "/api/v1/decisions/{slug}",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/networks",
        "/api/v1/networks/{slug}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
    ]
    schemas = document["components"]["schemas"]
    assert {"DecisionOut", "MeetingOut", "ActionOut", "PersonOut", "NetworkOut"} <= set(schemas)
    assert document["components"]["securitySchemes"] == {
        "RegistryReader": {"type": "http", "scheme": "bearer"}
    }
    decision_params = [
        p["name"] for p in document["paths"]["/api/v1/decisions"]["get"]["parameters"]
    ]
    assert decision_params == ["network", "year", "kind", "matter", "q", "page_size", "cursor"]


def test_api_docs_page_is_not_served(member_client):
    assert member_client.get("/api/v1/docs").status_code == 404


# Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    ("path", "params", "queries"),
    [
        # session, user, the page (the organisation joined)
        ("/api/v1/networks", {}, 3),
        # session, user, Last-Modified, the page, recorders, days, attendances, their items,
        # items (matters joined), presenters, decisions
        ("/api/v1/meetings", {"network": "scn"}, 11),
        # session, user, 2 permission queries (the network choice asks visible_to), network
        # validated, years, Last-Modified, the page, follows_up, attendances, their items,
        # appointments (replaces: none to fetch)
        ("/api/v1/decisions", {"network": "scn", "year": 2020, "kind": "beslut"}, 12),
        # session, user, 2 permission queries, network validated, the page
        ("/api/v1/actions", {"network": "scn", "status": "open"}, 6),
        # session, user, the page, memberships, appointments
        ("/api/v1/people", {}, 5),
    ],
)
def test_api_list_query_count_is_bounded(
    member_client, network, django_assert_max_num_queries, n, path, params, queries
):
    make_meetings(network, n)
    for i in range(n):
        Network.objects.create(name=f"Nätverk {i}", slug=f"n{i}")
        person = Person.objects.create(full_name=f"Person {i}")
        Membership.objects.create(
            person=person,
            network=network,
            organisation=network.organisation,
            start_date="2020-01-01",
        )
        Appointment.objects.create(
            person=person, network=network, body="grupp", start_date="2020-01-01"
        )

    with django_assert_max_num_queries(queries):
        response = member_client.get(path, {**params, "page_size": 50})

    assert len(results(response)) == min(n if path != "/api/v1/networks" else n + 1, 50)


def test_api_token_request_query_count(token_client, network, django_assert_max_num_queries):
    make_meetings(network, 3)
    token_client.get("/api/v1/networks")  # last_used_at written once

    # the token with its user, the page, memberships, appointments
    with django_assert_max_num_queries(4):
        token_client.get("/api/v1/people")
