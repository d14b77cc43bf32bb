"""Formatted item text on the reader's pages, in a real browser, with axe-core on each."""

import datetime as dt
import re

import pytest

from decisions.models import Decision
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Network

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data

BODY = (
    "# Läget\n"
    "Nätverket är **eniga** om *tre* saker:\n"
    "- förebyggande arbete\n"
    "- samverkan med skolan\n\n"
    "Läs [GR:s rapport](https://goteborgsregionen.se/rapport), inte [här](javascript:alert(1))."
)


def test_member_reads_formatted_text_on_meeting_decision_and_print_page(
    live_server, member_login, axe
):
    network = Network.objects.create(name="Socialchefsnätverket", slug="socialchefsnatverket")
    meeting = Meeting.objects.create(
        network=network, start_date=dt.date(2025, 3, 6), status=Meeting.Status.PUBLISHED
    )
    day = MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
    item = AgendaItem.objects.create(day=day, number=1, title="Ny lag", body=BODY)
    Decision.objects.create(
        item=item,
        text="Nätverket ställer sig bakom **förslaget**.",
        reference="Socialchefsnätverket 2025-03-06 §1",
        slug="socialchefsnatverket-2025-03-06-1",
    )
    page = member_login

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    body = page.locator(".item .body")
    assert body.get_by_role("heading", name="Läget").is_visible()
    assert body.get_by_role("listitem").all_inner_texts() == [
        "förebyggande arbete",
        "samverkan med skolan",
    ]
    link = body.get_by_role("link", name="GR:s rapport")
    assert link.get_attribute("href") == "https://goteborgsregionen.se/rapport"
    assert body.get_by_role("link", name="här").count() == 0
    assert "**" not in body.inner_text()
    assert axe(page) == []

    page.get_by_role("link", name="Socialchefsnätverket 2025-03-06 §1").click()
    page.wait_for_url(re.compile(r".*/beslut/socialchefsnatverket-2025-03-06-1/"))
    assert page.locator("blockquote strong").inner_text() == "förslaget"
    assert page.locator(".item-body").get_by_role("link", name="GR:s rapport").is_visible()
    assert axe(page) == []

    page.goto(f"{live_server.url}/moten/{meeting.pk}/utskrift/")
    assert page.get_by_role("link", name="GR:s rapport").is_visible()
    assert axe(page) == []
