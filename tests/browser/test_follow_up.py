"""Issue 11 in Chromium under the CSP: the planning lead closes and renews actions not followed
up and resolves a written responsible; a director filters /beslut/ by a person suggested as
they type. axe-core finds nothing on any of these pages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from decisions.models import Action, Decision
from minutes.models import AgendaItem
from network.models import Person

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data


def test_planning_lead_closes_and_renews_actions_not_followed_up(
    live_server, demo, editor_login, axe
):
    page = editor_login
    page.goto(f"{live_server.url}/redigera/")
    section = page.locator("ul.follow-up-due > li")
    # All twelve demo actions are open and from 2019-2024: none followed up.
    assert section.count() == 12
    assert axe(page) == []

    first = section.nth(0)
    text = first.locator("p").first.inner_text().split(" –")[0]
    first.get_by_role("button", name=re.compile(r"^Klar")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("status").inner_text() == f"Åtgärden är markerad som klar: {text}"
    assert section.count() == 11
    assert axe(page) == []

    renew_date = timezone.localdate() + dt.timedelta(days=100)
    second = section.nth(0)
    date_box = second.get_by_label(re.compile(r"^Nytt senast-datum"))
    default = timezone.localdate()
    assert date_box.input_value() > default.isoformat()  # three months on, filled in
    date_box.fill(renew_date.isoformat())
    second.get_by_role("button", name=re.compile(r"^Förnya")).click()
    page.wait_for_load_state("load")
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith(f"Åtgärden är förnyad till {renew_date:%Y-%m-%d}: ")
    )
    assert section.count() == 10
    assert Action.objects.filter(status=Action.Status.DONE).count() == 1
    assert Action.objects.filter(due_date=renew_date).count() == 1


def test_planning_lead_resolves_a_written_responsible(live_server, demo, editor_login, axe):
    item = AgendaItem.objects.filter(day__date=dt.date(2019, 2, 14)).order_by("number").first()
    Action.objects.create(
        item=item, text="Lena återkommer med underlag.", responsible_as_written="Lena"
    )
    page = editor_login

    page.goto(f"{live_server.url}/redigera/")
    page.get_by_role("link", name="Ansvariga att avgöra").click()
    page.wait_for_url(f"{live_server.url}/redigera/atgarder/ansvariga/")
    assert axe(page) == []

    page.get_by_label("Ansvarig för ”Lena”").select_option(label="Lena Lager")
    page.get_by_role("button", name="Spara valen").click()
    page.wait_for_load_state("load")

    assert page.get_by_role("status").inner_text() == (
        "Sparat: 1 kopplade till en person, 0 utan ansvarig person."
    )
    assert axe(page) == []
    action = Action.objects.get(responsible_as_written="Lena")
    assert action.responsible_person == Person.objects.get(full_name="Lena Lager")


def test_director_filters_decisions_by_a_suggested_person(live_server, demo, member_login, axe):
    page = member_login
    page.goto(f"{live_server.url}/beslut/")
    page.locator("details.filter-more > summary").click()  # the filters are folded
    box = page.get_by_label("Person som var närvarande")

    box.press_sequentially("ebb", delay=30)
    # (a locator, not wait_for_function: the page's CSP rightly refuses eval)
    page.locator("#personer-forslag option").first.wait_for(state="attached")
    options = page.eval_on_selector_all(
        "#personer-forslag option", "options => options.map(o => o.value)"
    )
    assert options == ["Ebba Gierow"]
    assert axe(page) == []

    box.fill("Ebba Gierow")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/beslut/\?.*person=Ebba\+Gierow"))
    ebba = Person.objects.get(full_name="Ebba Gierow")
    expected = Decision.objects.published().taken_in_presence_of(person=ebba).count()
    assert expected > 0
    assert page.locator("#resultat-rubrik").inner_text() == f"{expected} beslut som matchar filtret"
    assert box.input_value() == "Ebba Gierow"
    assert axe(page) == []
