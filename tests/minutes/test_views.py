import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from decisions.models import Decision
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Network

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def make_meetings(n, *, status=Meeting.Status.PUBLISHED):
    network, _ = Network.objects.get_or_create(name="Socialchefsnätverket", slug="scn")
    for i in range(n):
        meeting = Meeting.objects.create(
            network=network, start_date=dt.date(2020, 1, 1) + dt.timedelta(days=30 * i), status=status
        )
        day = MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
        item = AgendaItem.objects.create(day=day, number=1, title=f"Punkt {i}")
        Decision.objects.create(item=item, text=f"Beslut {i}")


def test_home_anonymous_is_sent_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/"


def test_home_lists_demo_meetings_newest_first_with_decisions(member_client, demo):
    response = member_client.get("/")

    assert response.status_code == 200
    meetings = list(response.context["meetings"])
    assert [m.start_date.isoformat() for m in meetings] == [
        "2024-11-07",
        "2023-12-14",
        "2021-12-10",
        "2020-12-15",
        "2019-02-14",
    ]
    html = response.content.decode()
    assert html.count('class="kind kind-') == 7
    assert "Socialchefsnätverket, 7 november 2024 och 8 november 2024" in html
    assert reverse("decisions:decision", args=["socialchefsnatverket-2024-11-08-4"]) in html


@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count_is_bounded(member_client, db, django_assert_max_num_queries, n):
    make_meetings(n)

    with django_assert_max_num_queries(8):
        response = member_client.get("/")

    assert len(response.context["meetings"]) == n


def test_home_hides_drafts_from_members(member_client, db):
    make_meetings(2, status=Meeting.Status.DRAFT)

    response = member_client.get("/")

    assert list(response.context["meetings"]) == []


def test_home_public_setting_shows_published_only(client, db, settings):
    settings.REGISTRY_PUBLIC = True
    make_meetings(1)
    network = Network.objects.get()
    Meeting.objects.create(network=network, start_date=dt.date(2030, 1, 1))

    response = client.get("/")

    assert [m.start_date for m in response.context["meetings"]] == [dt.date(2020, 1, 1)]


def test_meeting_page_shows_the_whole_minutes(member_client, demo):
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ebba Gierow</a>, Ale <span class=\"note\">(punkt 4-8)</span>" in html
    assert "Samverkansråd och VFU avtal socionomer" in html
    assert "Cecilia Axelsson" in html


def test_decision_page_has_citable_reference(member_client, demo):
    response = member_client.get("/beslut/socialchefsnatverket-2024-11-08-4/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Socialchefsnätverket 2024-11-08 §4" in html
    assert "Ebba Gierow utses av socialchefs nätverket som representant" in html


def test_decision_page_unknown_reference_is_404(member_client, db):
    assert member_client.get("/beslut/finns-inte/").status_code == 404


def test_check_deploy_with_production_settings_prints_no_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "k3!x9-Qz7vT2mW8pL5nR1sY6uB4cD0eF-gH3jK7lM9oP2qS5tV8wX1zA4",
        "DEBUG": "",
        "ALLOWED_HOSTS": "registret.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
