"""Two files of real minutes uploaded at once and corrected in the review before saving: one
without an attendance list, one with an inline list. The planning lead corrects an attendee, an
item title and a decision's kind, reloads in the middle, confirms, and the saved meeting shows
exactly the corrections. The values asserted are the ones the test sets (the parser's output on
these files keeps improving); axe-core checks the review page."""

import re
from pathlib import Path

import pytest

from decisions.models import Decision
from minutes.models import Attendance, Meeting, PendingImport
from network.models import Network

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus"
UNDATED = CORPUS / "17_lithekod-styrelsemote-odaterat.txt"  # no attendance list, no date
INLINE = CORPUS / "04_miljochefer-styrelse-2019-06-04.txt"  # "Närvarande: Anna Bredberg, …"


def message(page) -> str:
    return page.locator(".messages").inner_text().strip()


def open_review(page, live_server, filename: str):
    page.goto(f"{live_server.url}/redigera/")
    page.get_by_role("link", name=filename).click()
    page.wait_for_url(re.compile(r".*/redigera/import/\d+/$"))


def save(page):
    page.get_by_role("button", name="Spara ändringar").first.click()
    page.wait_for_load_state()
    assert message(page) == "Ändringarna är sparade."


def correct_first_item_and_decision(page, title: str, kind: str, text: str):
    """Item row 0 gets the title (a new item if the parser found none); decision row 0 gets the
    kind (with the wording and the first item when the parser found no decision)."""
    page.locator("#id_d0-punkter-0-number").fill("1")
    page.locator("#id_d0-punkter-0-title").fill(title)
    save(page)
    decision = page.locator("#beslut-0")
    if not page.locator("#id_beslut-0-text").input_value():
        page.locator("#id_beslut-0-item").select_option(index=1)
        page.locator("#id_beslut-0-text").fill(text)
    decision.get_by_label("Typ").select_option(kind)


def test_two_files_reviewed_corrected_reloaded_and_confirmed(live_server, editor_login, axe):
    Network.objects.create(name="Testnätverket", slug="test")
    page = editor_login

    # both files at once: each becomes its own review on the task page
    page.goto(f"{live_server.url}/redigera/import/")
    page.get_by_label("Filer med anteckningar").set_input_files([UNDATED, INLINE])
    page.get_by_role("button", name="Ladda upp och granska").click()
    page.wait_for_url(re.compile(r".*/redigera/#granskningar$"))
    assert message(page) == "2 filer väntar på granskning."
    assert PendingImport.objects.count() == 2
    assert Meeting.objects.count() == 0

    # 1. the file without an attendance list and without a date
    open_review(page, live_server, UNDATED.name)
    assert page.get_by_text("Texten anger inget datum och inget förslag kunde göras.").is_visible()
    assert axe(page) == []
    page.get_by_label("Mötets första dag").fill("2021-10-01")
    added = page.locator("fieldset", has_text="Lägg till en person som saknas")
    added.get_by_label("Namn").fill("Gustav Rättad")
    added.get_by_label("Organisation").fill("LiTHe kod")
    added.get_by_label("Grupp").select_option("guest")
    correct_first_item_and_decision(
        page, "Diskussionsgrupp om IMPA", "inriktningsbeslut", "Styrelsen ordnar en grupp."
    )
    save(page)

    page.reload()  # in the middle: nothing lost
    assert page.get_by_label("Mötets första dag").input_value() == "2021-10-01"
    assert page.locator("#d0-narvaro-0").get_by_label("Namn").input_value() == "Gustav Rättad"
    assert page.locator("#id_d0-narvaro-0-organization").input_value() == "LiTHe kod"
    assert page.locator("#id_d0-punkter-0-title").input_value() == "Diskussionsgrupp om IMPA"
    assert page.locator("#id_beslut-0-kind").input_value() == "inriktningsbeslut"
    assert Meeting.objects.count() == 0
    assert axe(page) == []

    page.get_by_role("button", name="Bekräfta och skapa utkast").click()
    page.wait_for_url(re.compile(r".*/moten/\d+/$"))
    assert message(page).startswith("Utkastet Testnätverket 2021-10-01 är skapat.")
    meeting = Meeting.objects.get(start_date="2021-10-01")
    main = page.locator("main")
    # Once in the summary at the top, once in the attendance list of the minutes.
    assert main.get_by_text("Gustav Rättad, LiTHe kod").count() == 2
    assert main.get_by_role("heading", name="1. Diskussionsgrupp om IMPA").count() == 1
    assert main.locator(".decision-kind").first.inner_text() == "Inriktningsbeslut"
    gustav = Attendance.objects.get(day__meeting=meeting, person__full_name="Gustav Rättad")
    assert (gustav.organisation.short_name, gustav.group) == ("LiTHe kod", "guest")
    first = Decision.objects.filter(item__day__meeting=meeting).order_by("item__number").first()
    assert (first.item.number, first.item.title, first.kind) == (
        1,
        "Diskussionsgrupp om IMPA",
        "inriktningsbeslut",
    )

    # 2. the file with an inline attendance list (its date is in the text)
    open_review(page, live_server, INLINE.name)
    assert page.get_by_text("Mötesdatumet står i texten").is_visible()
    row = page.locator("#d0-narvaro-0")
    row.get_by_label("Namn").fill("Anna Bredberg-Rättad")
    row.get_by_label("Organisation").fill("Norrtälje")
    page.locator("#id_d0-narvaro-0-presence").select_option("partial")
    row.get_by_label("Anteckning om närvaron").fill("punkt 1-2")
    correct_first_item_and_decision(
        page, "Mötet öppnas", "ställningstagande", "Styrelsen står bakom förslaget."
    )
    save(page)
    page.reload()
    assert page.locator("#id_d0-narvaro-0-name").input_value() == "Anna Bredberg-Rättad"
    assert page.locator("#id_beslut-0-kind").input_value() == "ställningstagande"

    page.get_by_role("button", name="Bekräfta och skapa utkast").click()
    page.wait_for_url(re.compile(r".*/moten/\d+/$"))
    meeting = Meeting.objects.get(start_date="2019-06-04")
    main = page.locator("main")
    assert main.get_by_text("Anna Bredberg-Rättad, Norrtälje").count() == 2  # summary, list
    assert main.get_by_role("heading", name="1. Mötet öppnas").count() == 1
    assert main.locator(".decision-kind").first.inner_text() == "Ställningstagande"
    anna = Attendance.objects.get(day__meeting=meeting, person__full_name="Anna Bredberg-Rättad")
    assert (anna.organisation.short_name, anna.presence, anna.note) == (
        "Norrtälje",
        "partial",
        "punkt 1-2",
    )
    assert sorted(anna.items.values_list("number", flat=True)) == [1, 2]
    assert PendingImport.objects.count() == 0


def test_review_error_summary_takes_focus_and_passes_axe(live_server, editor_login, axe):
    Network.objects.create(name="Testnätverket", slug="test")
    page = editor_login
    page.goto(f"{live_server.url}/redigera/import/")
    page.get_by_label("Filer med anteckningar").set_input_files([INLINE])
    page.get_by_role("button", name="Ladda upp och granska").click()
    page.wait_for_url(re.compile(r".*/redigera/import/\d+/$"))

    page.locator("#id_d0-punkter-0-title").fill("")
    page.get_by_role("button", name="Spara ändringar").first.click()
    page.wait_for_load_state()

    summary = page.locator("#felsammanfattning")
    assert summary.get_by_role("link", name="Skriv punktens rubrik.").count() == 1
    assert page.evaluate("document.activeElement.id") == "felsammanfattning"
    assert axe(page) == []
