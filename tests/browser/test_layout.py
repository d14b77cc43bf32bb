"""The answer on the first screen and no sideways scrolling, in Chromium at a laptop's and a
phone's size (issue 11), with axe-core on the pages whose layout changed."""

import datetime as dt

import pytest

from decisions.models import Decision
from minutes.models import Meeting
from minutes.services import meeting_create, meeting_item_add
from network.models import Network, Organisation, Person

from .conftest import _log_in

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def registry_paths() -> list[str]:
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))
    decision = Decision.objects.get(text__contains="Ebba Gierow utses")
    return [
        "/",
        "/moten/",
        meeting.get_absolute_url(),
        "/beslut/",
        "/beslut/?year=2024",  # the filters open
        decision.get_absolute_url(),
        "/sok/?q=v%C3%A5rd",
        "/atgarder/",
        "/uppdrag/",
        Person.objects.get(full_name="Ebba Gierow").get_absolute_url(),
        Organisation.objects.get(short_name="Göteborg").get_absolute_url(),
        "/tillganglighet/",
    ]


def test_no_page_scrolls_sideways_at_320_and_390_px(live_server, demo, page, roles):
    draft = meeting_create(network=Network.objects.get(), dates=[dt.date(2025, 3, 6)])
    day = draft.days.get()
    item = meeting_item_add(day=day, title="Socialtjänstlagsutredningens förslag", body="Text.")
    editing = [
        "/redigera/",
        f"/redigera/moten/{draft.pk}/",
        f"/moten/{draft.pk}/",  # a draft's reader page, with its export and edit links
        f"/redigera/moten/{draft.pk}/dagar/{day.pk}/narvaro/",
        f"/redigera/moten/{draft.pk}/dagar/{day.pk}/dagordning/",
        f"/redigera/moten/{draft.pk}/punkter/{item.pk}/",
    ]
    wide = {}

    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/logga-in/")
        wide[f"/logga-in/ at {width}"] = page.evaluate(OVERFLOW)
    _log_in(page, live_server, "planeringsledare", "Planeringsledare")
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in registry_paths() + editing:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            wide[f"{path} at {width}"] = page.evaluate(OVERFLOW)

    assert len(wide) == 2 * (1 + len(registry_paths()) + len(editing))
    assert {where: pixels for where, pixels in wide.items() if pixels > 0} == {}


def top_of(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
def test_first_results_are_on_the_first_screen(live_server, demo, member_login, axe, viewport):
    page = member_login
    page.set_viewport_size(viewport)
    height = viewport["height"]

    page.goto(f"{live_server.url}/beslut/")
    first_decision = top_of(page, ".decision-row")
    assert page.locator(".decision-row h3").first.inner_text() == (
        "Avstämning kring tre strategier för omställningen"
    )
    assert not page.locator("details.filter-more").get_attribute("open")
    assert axe(page) == []

    # filtered: the panel stays folded and says how many filters are chosen
    page.goto(f"{live_server.url}/beslut/?network=socialchefsnatverket&year=2024")
    filtered_first = top_of(page, ".decision-row")
    assert page.locator("details.filter-more summary").inner_text().startswith("Filtrera (2 valda)")
    assert not page.locator("details.filter-more").get_attribute("open")

    page.goto(f"{live_server.url}/sok/?q=socialtj%C3%A4nstlag")
    first_hit = top_of(page, ".search-hit")
    assert page.locator(".search-date").first.is_visible()  # hits headed by their date
    assert axe(page) == []

    assert (first_decision < height, filtered_first < height, first_hit < height) == (
        True,
        True,
        True,
    ), (first_decision, filtered_first, first_hit)


def test_meeting_summary_is_on_the_first_screen_of_a_laptop(live_server, demo, member_login, axe):
    page = member_login
    page.set_viewport_size(LAPTOP)
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")

    summary = page.locator(".meeting-summary")
    decisions = summary.locator(".summary-decisions").first
    attendance = summary.locator(".summary-attendance").first
    assert decisions.get_by_role("link").all_inner_texts() == [
        "§2 Avstämning kring tre strategier för omställningen",
        "§4 Hälsa- och sjukvårdsavtalet och primärvårdsuppdraget",
        "§5 Samverkansråd och VFU avtal socionomer",
    ]
    assert attendance.get_by_text("Ebba Gierow").count() == 1
    tops = {
        "decisions": decisions.bounding_box()["y"],
        "attendance": attendance.bounding_box()["y"],
        "not represented": top_of(page, ".not-represented-summary"),
    }
    assert {name: top for name, top in tops.items() if top >= LAPTOP["height"]} == {}
    assert axe(page) == []


def test_editor_reaches_a_drafts_exports_and_editor_from_its_reader_page(
    live_server, demo, editor_login, axe
):
    page = editor_login
    draft = meeting_create(network=Network.objects.get(), dates=[dt.date(2025, 3, 6)])
    meeting_item_add(day=draft.days.get(), title="Nära vård", body="Text.")

    page.goto(f"{live_server.url}/moten/{draft.pk}/")
    tools = page.get_by_role("list", name="Anteckningarna som fil")
    assert tools.inner_text().split("\n") == [
        "Redigera",
        "Utskrift (utkast)",
        "PDF (utkast)",
        "Word (utkast)",
        "Lägg till i kalender",
    ]
    assert axe(page) == []

    tools.get_by_role("link", name="Redigera").click()
    page.wait_for_url(f"{live_server.url}/redigera/moten/{draft.pk}/")


def test_chart_bar_leads_to_the_list_of_that_year_and_kind(live_server, demo, member_login, axe):
    page = member_login
    page.set_viewport_size(LAPTOP)

    page.goto(f"{live_server.url}/beslut/")
    page.get_by_role("link", name="2024, Ställningstagande: 2").click()

    page.wait_for_url(f"{live_server.url}/beslut/?year=2024&kind=st%C3%A4llningstagande")
    assert page.locator(".decision-row").count() == 2
    assert page.locator("details.filter-more").get_attribute("open") is None  # folded, "2 valda"
    assert top_of(page, ".decision-row") < LAPTOP["height"]
    assert axe(page) == []
