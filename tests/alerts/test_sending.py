"""Alerts by e-mail: queued in the publish transaction, sent by `send_alerts` (never by the
publish request), one e-mail per member and publication with every match, nothing for drafts,
nothing twice after a reopen, nothing a member may not read."""

import datetime as dt
from unittest import mock

import pytest
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from alerts.models import Alert, AlertProfile, Publication, SentDecision
from alerts.services import publications_send
from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance
from minutes.services import MeetingConflict, meeting_publish, meeting_reopen
from network.models import Organisation, Person

SITE = "https://registret.example.org"


def test_publish_sends_one_email_per_subscriber_with_both_decisions(
    editor_client, draft, two_decisions, make_subscriber, follow, network, publish, mailoutbox
):
    anna = make_subscriber("anna")
    bo = make_subscriber("bo")
    follow(anna, network=network)
    follow(bo, words="nätverket")  # both decisions' wording
    follow(bo, network=network)  # a second alert matching the same decisions: still one e-mail

    publish(editor_client, draft)
    assert len(mailoutbox) == 0  # the publish request sends nothing itself
    call_command("send_alerts", verbosity=0)

    assert sorted(m.to for m in mailoutbox) == [
        ["anna@kommun.example.se"],
        ["bo@kommun.example.se"],
    ]
    for message in mailoutbox:
        assert message.subject == "2 nya beslut: Socialchefsnätverket 2025-03-06"
        body = message.body
        assert "Socialchefsnätverket 2025-03-06 §1" in body
        assert "Socialchefsnätverket 2025-03-06 §2" in body
        assert f"{SITE}/beslut/socialchefsnatverket-2025-03-06-1/" in body
        assert f"{SITE}/beslut/socialchefsnatverket-2025-03-06-2/" in body
        assert "Nätverket ställer sig bakom färdplanen för nära vård." in body
        assert "STÄLLNINGSTAGANDE" in body
        assert body.index("§1") < body.index("§2")  # the minutes' order
    bo_mail = next(m for m in mailoutbox if m.to == ["bo@kommun.example.se"])
    assert "- Sökningen ”nätverket”" in bo_mail.body
    assert "- Nätverket Socialchefsnätverket" in bo_mail.body
    assert SentDecision.objects.count() == 4
    assert Publication.objects.get().processed_at is not None


def test_publish_request_only_queues_in_its_transaction(
    editor_client, draft, two_decisions, make_subscriber, follow, network, publish, mailoutbox
):
    follow(make_subscriber("anna"), network=network)

    publish(editor_client, draft)

    publication = Publication.objects.get()
    assert (publication.meeting, publication.processed_at, len(mailoutbox)) == (draft, None, 0)


def test_publish_refused_queues_nothing(draft, two_decisions):
    with pytest.raises(MeetingConflict):
        meeting_publish(meeting=draft, version=draft.version + 5)

    assert Publication.objects.count() == 0


def test_draft_sends_nothing(draft, two_decisions, make_subscriber, follow, network, mailoutbox):
    follow(make_subscriber("anna"), network=network)
    follow(make_subscriber("bo"), words="yttrande")

    call_command("send_alerts", verbosity=0)

    assert (len(mailoutbox), Publication.objects.count(), SentDecision.objects.count()) == (0, 0, 0)


def test_meeting_reopened_before_the_run_sends_nothing_until_published_again(
    draft, two_decisions, make_subscriber, follow, network, mailoutbox
):
    follow(make_subscriber("anna"), network=network)
    meeting_publish(meeting=draft, version=draft.version)
    meeting_reopen(meeting=draft, reason="Rättelse")

    call_command("send_alerts", verbosity=0)

    assert len(mailoutbox) == 0
    assert Publication.objects.get().processed_at is not None
    draft.refresh_from_db()
    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)
    assert [m.subject for m in mailoutbox] == ["2 nya beslut: Socialchefsnätverket 2025-03-06"]


def test_republish_after_reopen_sends_only_what_is_new(
    editor_client, draft, day, two_decisions, make_subscriber, follow, network, publish, mailoutbox
):
    follow(make_subscriber("anna"), network=network)
    publish(editor_client, draft)
    call_command("send_alerts", verbosity=0)
    assert len(mailoutbox) == 1

    meeting_reopen(meeting=draft, reason="Ett beslut saknades")
    third = AgendaItem.objects.create(day=day, number=3, title="Budget")
    Decision.objects.create(item=third, text="Budgeten för 2026 fastställs.")
    Decision.objects.filter(pk=two_decisions[0].pk).update(text="Rättad lydelse.")
    publish(editor_client, draft)
    assert len(mailoutbox) == 1
    call_command("send_alerts", verbosity=0)

    assert len(mailoutbox) == 2
    again = mailoutbox[1]
    assert again.subject == "Nytt beslut: Socialchefsnätverket 2025-03-06"
    assert "Socialchefsnätverket 2025-03-06 §3" in again.body
    assert "Budgeten för 2026 fastställs." in again.body
    assert "§1" not in again.body and "§2" not in again.body
    # A third publication with nothing new sends nothing.
    meeting_reopen(meeting=draft)
    draft.refresh_from_db()
    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)
    assert len(mailoutbox) == 2


def test_subscriber_who_may_not_read_gets_nothing(
    draft, two_decisions, make_subscriber, follow, network, mailoutbox
):
    # A deactivated account may not log in, so it reads nothing of a members-only registry; an
    # account without an address cannot be mailed.
    follow(make_subscriber("slutat", is_active=False), network=network)
    follow(make_subscriber("utanadress", email=""), network=network)
    follow(make_subscriber("anna"), network=network)

    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)

    assert [m.to for m in mailoutbox] == [["anna@kommun.example.se"]]
    assert set(SentDecision.objects.values_list("user__username", flat=True)) == {"anna"}


def test_each_kind_of_follow_matches_its_decisions(
    draft, day, two_decisions, matter, make_subscriber, follow, network, other_network, mailoutbox
):
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale", kind="municipality")
    lerum = Organisation.objects.create(name="Lerums kommun", short_name="Lerum")
    tjorn = Organisation.objects.create(name="Tjörns kommun", short_name="Tjörn")
    person = Person.objects.create(full_name="Eva Ek")
    # Ale was there for §2 only; Lerum had apologies but is responsible for §1's action.
    attendance = Attendance.objects.create(
        day=day, person=person, organisation=ale, presence=Attendance.Presence.PARTIAL
    )
    attendance.items.set([two_decisions[1].item])
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Leo Lund"),
        organisation=lerum,
        presence=Attendance.Presence.ABSENT,
    )
    Action.objects.create(
        item=two_decisions[0].item,
        decision=two_decisions[0],
        text="X",
        responsible_organisation=lerum,
    )
    follow(make_subscriber("natverk"), network=network)
    follow(make_subscriber("annat_natverk"), network=other_network)
    follow(make_subscriber("arende"), matter=matter)
    follow(make_subscriber("ale"), organisation=ale)
    follow(make_subscriber("lerum"), organisation=lerum)
    follow(make_subscriber("tjorn"), organisation=tjorn)

    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)

    sent = {user: sorted(ref[-2:] for ref in refs) for user, refs in _sent_references().items()}
    assert sent == {
        "natverk": ["§1", "§2"],
        "arende": ["§1"],
        "ale": ["§2"],
        "lerum": ["§1"],
    }
    assert len(mailoutbox) == 4


def test_saved_search_finds_what_the_registry_search_finds(
    client, draft, two_decisions, make_subscriber, follow, network, other_network, mailoutbox
):
    # "socialtjänstlagen" finds §2 by its item's title ("Ny socialtjänstlag"), stemmed, as
    # /beslut/?q= does; narrowed by kind and network, or other words, it finds less.
    reader = make_subscriber("lasare")
    follow(make_subscriber("sok"), words="socialtjänstlagen")
    follow(make_subscriber("sok_natverk"), words="nära vård", network=network)
    follow(make_subscriber("fel_natverk"), words="nära vård", network=other_network)
    follow(make_subscriber("fel_typ"), words="nära vård", decision_kind="ställningstagande")
    follow(make_subscriber("ratt_typ"), words="yttrande", decision_kind="ställningstagande")
    follow(make_subscriber("inget"), words="barnahus")

    meeting_publish(meeting=draft, version=draft.version)
    client.force_login(reader)
    page = client.get("/beslut/", {"q": "socialtjänstlagen"})
    call_command("send_alerts", verbosity=0)

    assert [d.reference for d in page.context["decisions"]] == [
        "Socialchefsnätverket 2025-03-06 §2"
    ]
    sent = {user: sorted(ref[-2:] for ref in refs) for user, refs in _sent_references().items()}
    assert sent == {"sok": ["§2"], "sok_natverk": ["§1"], "ratt_typ": ["§2"]}


def test_email_in_the_members_language(
    draft, two_decisions, make_subscriber, follow, network, mailoutbox
):
    english = make_subscriber("english")
    AlertProfile.objects.create(user=english, language="en")
    follow(english, network=network)

    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)

    (message,) = mailoutbox
    assert "DECISION: Nära vård\n" in message.body  # the kind's English label
    assert "POSITION: Ny socialtjänstlag\n" in message.body


def test_email_has_list_unsubscribe_header(
    draft, two_decisions, make_subscriber, follow, network, mailoutbox, links
):
    follow(make_subscriber("anna"), network=network)
    meeting_publish(meeting=draft, version=draft.version)

    call_command("send_alerts", verbosity=0)

    (message,) = mailoutbox
    every = links(message)[-1]
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{every}>"


def test_failed_email_is_retried_for_that_member_only(
    draft, two_decisions, make_subscriber, follow, network, mailoutbox
):
    follow(make_subscriber("anna"), network=network)
    follow(make_subscriber("bo"), network=network)
    meeting_publish(meeting=draft, version=draft.version)
    real_send = EmailMessage.send

    def refuse_bo(message, *args, **kwargs):
        if message.to == ["bo@kommun.example.se"]:
            raise OSError("Mail server refused")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch("django.core.mail.EmailMessage.send", refuse_bo),
        pytest.raises(CommandError, match="1 e-brev kunde inte skickas"),
    ):
        call_command("send_alerts", verbosity=0)

    publication = Publication.objects.get()
    assert [m.to for m in mailoutbox] == [["anna@kommun.example.se"]]
    assert (publication.processed_at, publication.attempts) == (None, 1)
    assert "Mail server refused" in publication.last_error
    assert set(SentDecision.objects.values_list("user__username", flat=True)) == {"anna"}

    call_command("send_alerts", verbosity=0)

    assert [m.to for m in mailoutbox] == [["anna@kommun.example.se"], ["bo@kommun.example.se"]]
    publication.refresh_from_db()
    assert (publication.processed_at is not None, publication.last_error) == (True, "")


def test_publication_claimed_by_another_run_is_skipped(
    draft, two_decisions, make_subscriber, follow, network, mailoutbox
):
    follow(make_subscriber("anna"), network=network)
    meeting_publish(meeting=draft, version=draft.version)
    now = timezone.now()
    Publication.objects.update(claimed_at=now - dt.timedelta(minutes=5))

    assert publications_send(now=now).publications == 0
    assert len(mailoutbox) == 0
    # A run that died long ago: its claim is taken over.
    assert publications_send(now=now + dt.timedelta(hours=1)).emails == 1
    assert len(mailoutbox) == 1


def test_send_alerts_without_site_url_refuses(settings, draft):
    settings.SITE_URL = ""

    with pytest.raises(CommandError, match="SITE_URL saknas"):
        call_command("send_alerts", verbosity=0)


def test_alert_kinds_hold_their_fields_in_the_database(make_subscriber, network):
    with pytest.raises(IntegrityError):
        Alert.objects.create(user=make_subscriber("anna"), kind=Alert.Kind.NETWORK)


def _sent_references() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    rows = SentDecision.objects.values_list("user__username", "decision__reference")
    for username, reference in rows:
        found.setdefault(username, []).append(reference)
    return found
