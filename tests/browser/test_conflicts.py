"""Two planning leads at once, in two browser contexts, and the other ways a text could be lost:
an attachment added from the item form, a tab left open through justering. axe-core on each new
state (the conflict, the refused upload, the meeting published meanwhile)."""

import datetime as dt
import re

import pytest

from minutes.models import AgendaItem, Attachment, Meeting
from minutes.services import meeting_create, meeting_item_add, meeting_publish
from network.models import Network

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data

NOTES = re.compile(r"^Anteckningar:?$")  # Django's label ends with ":"
ITEM_CONFLICT = "Någon annan har sparat punkten medan du skrev."
LOCKED = "Mötet är justerat och låst."


def message(page) -> str:
    return page.locator(".messages").inner_text().strip()


def a_draft_with_items(*titles) -> list[AgendaItem]:
    network = Network.objects.create(name="Socialchefsnätverket", slug="socialchefsnatverket")
    meeting = meeting_create(network=network, dates=[dt.date(2025, 2, 6)], location="Göteborg")
    day = meeting.days.get()
    return [meeting_item_add(day=day, title=title, body="Ursprunglig text.") for title in titles]


def item_url(live_server, item) -> str:
    return f"{live_server.url}/redigera/moten/{item.day.meeting_id}/punkter/{item.pk}/"


@pytest.fixture
def second(browser, live_server, log_in):
    """A second planning lead in a browser context of their own."""
    page = browser.new_context().new_page()
    log_in(page, live_server, "planeringsledare2", "Planeringsledare")
    yield page
    page.context.close()


def test_two_planning_leads_edit_different_items_and_both_keep_their_work(
    live_server, editor_login, second
):
    first_item, sixth_item = a_draft_with_items("Välkommen", "B", "C", "D", "E", "Övrigt")[::5]
    first = editor_login
    first.goto(item_url(live_server, sixth_item))
    second.goto(item_url(live_server, first_item))

    first.get_by_label(NOTES).fill("Inga övriga frågor.")
    second.get_by_label(NOTES).fill("Ordföranden hälsade välkommen.")
    first.locator("#spara-punkt").click()
    second.locator("#spara-punkt").click()

    assert (message(first), message(second)) == ("Punkt 6 är sparad.", "Punkt 1 är sparad.")
    first_item.refresh_from_db()
    sixth_item.refresh_from_db()
    assert (first_item.body, sixth_item.body) == (
        "Ordföranden hälsade välkommen.",
        "Inga övriga frågor.",
    )


def test_second_editor_of_the_same_item_sees_the_first_ones_text_and_chooses(
    live_server, editor_login, second, axe
):
    (item,) = a_draft_with_items("Ekonomi")
    first = editor_login
    first.goto(item_url(live_server, item))
    second.goto(item_url(live_server, item))

    first.get_by_label(NOTES).fill("Budgeten för 2025 är godkänd.")
    first.locator("#spara-punkt").click()
    assert message(first) == "Punkt 1 är sparad."
    second.get_by_label(NOTES).fill("Budgeten för 2025 diskuterades.")
    second.locator("#spara-punkt").click()

    # refused, the first editor's text beside the second's, the changed words marked
    assert ITEM_CONFLICT in second.locator("#felsammanfattning").inner_text()
    assert second.get_by_label(NOTES).input_value() == "Budgeten för 2025 diskuterades."
    row = second.locator(".diff-table tr", has_text="Anteckningar")
    # as read aloud: the marks carry words of their own, not only a colour
    assert row.locator("td").all_text_contents() == [
        "Budgeten för 2025 [bara i den sparade: är godkänd.]",
        "Budgeten för 2025 [bara i din: diskuterades.]",
    ]
    assert second.locator(".diff-table del").all_text_contents() == [
        "[bara i den sparade: är godkänd.]"
    ]
    assert axe(second) == []

    # a plain second click does not overwrite what the first editor saved
    second.locator("#spara-punkt").click()
    assert ITEM_CONFLICT in second.locator("#felsammanfattning").inner_text()
    item.refresh_from_db()
    assert item.body == "Budgeten för 2025 är godkänd."

    # merged by hand: the edited text is saved over what was shown
    second.get_by_label(NOTES).fill("Budgeten för 2025 diskuterades och är godkänd.")
    second.locator("#spara-punkt").click()
    assert message(second) == "Punkt 1 är sparad."
    item.refresh_from_db()
    assert item.body == "Budgeten för 2025 diskuterades och är godkänd."


def test_keep_mine_and_take_theirs_in_the_browser(live_server, editor_login, second):
    (item,) = a_draft_with_items("Ekonomi")
    first = editor_login
    for text in ("Första versionen.", "Andra versionen."):
        first.goto(item_url(live_server, item))
        second.goto(item_url(live_server, item))
        first.get_by_label(NOTES).fill(text)
        first.locator("#spara-punkt").click()
        second.get_by_label(NOTES).fill(f"Min text efter: {text}")
        second.locator("#spara-punkt").click()
        assert ITEM_CONFLICT in second.locator("#felsammanfattning").inner_text()
        if text.startswith("Första"):
            second.get_by_role("button", name="Behåll min text").click()
            assert message(second) == "Punkt 1 är sparad."
            item.refresh_from_db()
            assert item.body == "Min text efter: Första versionen."
        else:
            second.get_by_role("link", name="Ta deras").click()
            assert second.get_by_label(NOTES).input_value() == "Andra versionen."
            item.refresh_from_db()
            assert item.body == "Andra versionen."


def test_attachment_accepted_and_refused_keep_the_typed_text(live_server, editor_login, axe):
    (item,) = a_draft_with_items("Ekonomi")
    page = editor_login
    page.goto(item_url(live_server, item))

    # refused: the message in the item form, the text still there
    page.get_by_label(NOTES).fill("Skrivet innan bilagan valdes.")
    page.get_by_label("Bilagans rubrik").fill("Program")
    page.get_by_label("Fil").set_input_files(
        {"name": "program.exe", "mimeType": "application/octet-stream", "buffer": b"MZ..."}
    )
    page.locator("#lagg-till-bilaga").click()
    assert "Filtypen .exe går inte att bifoga." in page.locator("#felsammanfattning").inner_text()
    assert page.get_by_label(NOTES).input_value() == "Skrivet innan bilagan valdes."
    assert axe(page) == []
    assert Attachment.objects.count() == 0

    # accepted: the attachment and the text saved together
    page.get_by_label("Fil").set_input_files(
        {"name": "budget.txt", "mimeType": "text/plain", "buffer": b"Budget 2025\n"}
    )
    page.get_by_label("Bilagans rubrik").fill("Budget")
    page.locator("#lagg-till-bilaga").click()
    assert page.locator(".messages p").all_inner_texts() == [
        "Punkt 1 är sparad.",
        "Bilagan ”Budget” är tillagd.",
    ]
    assert page.get_by_label(NOTES).input_value() == "Skrivet innan bilagan valdes."
    assert page.locator(".attachments li").all_inner_texts() == ["Budget Ta bort"]
    item.refresh_from_db()
    assert (item.body, list(item.attachments.values_list("title", flat=True))) == (
        "Skrivet innan bilagan valdes.",
        ["Budget"],
    )


def test_a_tab_open_through_justering_keeps_its_text(live_server, editor_login, axe):
    (item,) = a_draft_with_items("Ekonomi")
    meeting = Meeting.objects.get()
    page = editor_login
    page.goto(item_url(live_server, item))
    page.get_by_label(NOTES).fill("Skrivet medan en kollega justerade mötet.")

    meeting_publish(meeting=meeting, version=meeting.version)  # in another tab, meanwhile
    page.locator("#spara-punkt").click()

    assert LOCKED in page.locator("#felsammanfattning").inner_text()
    assert page.get_by_label(NOTES).input_value() == "Skrivet medan en kollega justerade mötet."
    assert axe(page) == []

    # reopened in a new tab, the same form saves
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Öppna mötet igen (i en ny flik)").click()
    reopen = opened.value
    reopen.get_by_label("Varför öppnas mötet igen? (frivilligt)").fill("Sent tillägg")
    reopen.locator("#bekrafta-oppna").click()
    reopen.locator(".messages").wait_for()  # reopened: the tab is closed only once it is done
    reopen.close()
    page.locator("#spara-punkt").click()
    assert message(page) == "Punkt 1 är sparad."
    item.refresh_from_db()
    assert item.body == "Skrivet medan en kollega justerade mötet."
