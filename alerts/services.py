"""Alerts: queued inside the publish transaction, matched and mailed by `manage.py send_alerts`.

Why an outbox and a management command rather than a task library (Celery, Huey, RQ...):
- nothing more to run: a task library needs a broker (Redis, RabbitMQ) and a worker process to
  install, watch and back up; a timer that runs a management command needs neither;
- atomic with publishing: the outbox row (Publication) is written in the same transaction as
  the publication, so it exists exactly when the publication commits. A task sent to a broker
  can be lost after the commit, or sent for a publication that then rolls back;
- what the registry needs is minutes-level latency (decisions are taken a few times a month),
  which a timer every few minutes gives.

Delivery: each member gets one e-mail per publication with every decision matching any of
their alerts, in their language, that they may read and have not been sent before
(SentDecision). A member's decisions are recorded in the same transaction as the e-mail is
handed to the mail server, so a crash can at worst send one e-mail twice, never lose one.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decisions.filters import DecisionFilter
from decisions.models import Action, Decision
from minutes.models import Attendance, Meeting
from search.queries import parse_query

from .models import Alert, AlertProfile, Publication, SentDecision

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "alerts.unsubscribe"
# A run that died leaves its publication claimed; another run takes it over after this long.
CLAIM_TIMEOUT = dt.timedelta(minutes=30)
# A publication whose e-mail keeps failing (a mail server refusing an address) is given up
# after this many runs; the error stays in the admin.
MAX_ATTEMPTS = 10


class AlertRefused(Exception):
    """The alert cannot be saved as asked; the message says why, in Swedish."""


# --- Saving and removing ------------------------------------------------------------------------


def alert_create(
    *,
    user,
    kind: str,
    language: str,
    words: str = "",
    network=None,
    decision_kind: str = "",
    matter=None,
    organisation=None,
) -> tuple[Alert, bool]:
    """Save an alert for user (or find the same one already saved): (alert, created). The
    member's alert language is set from language the first time."""
    if kind == Alert.Kind.SEARCH:
        query = parse_query(words)
        if not query.is_searchable:
            raise AlertRefused(query.problem or _("Skriv ett eller flera ord att bevaka."))
        words = query.text
    fields = {
        "user": user,
        "kind": kind,
        "words": words if kind == Alert.Kind.SEARCH else "",
        "network": network if kind in (Alert.Kind.SEARCH, Alert.Kind.NETWORK) else None,
        "decision_kind": decision_kind if kind == Alert.Kind.SEARCH else "",
        "matter": matter if kind == Alert.Kind.MATTER else None,
        "organisation": organisation if kind == Alert.Kind.ORGANISATION else None,
    }
    with transaction.atomic():
        AlertProfile.objects.get_or_create(
            user=user, defaults={"language": language or settings.LANGUAGE_CODE}
        )
        return Alert.objects.get_or_create(**fields)


def unsubscribe_token(*, user_id: int, alert_id: int | None = None) -> str:
    """A signed token for the e-mail's unsubscribe link: one alert, or (alert_id None) all of
    the member's alerts. It works without logging in, never expires, and removes nothing but
    alerts."""
    return signing.dumps({"u": user_id, "a": alert_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, int | None]:
    """(user id, alert id or None) from a token; raises signing.BadSignature if tampered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Malformed token")
    alert_id = data.get("a")
    if alert_id is not None and not isinstance(alert_id, int):
        raise signing.BadSignature("Malformed token")
    return data["u"], alert_id


def unsubscribe_alerts(*, user_id: int, alert_id: int | None):
    """The alerts a token removes (all of the member's when alert_id is None)."""
    alerts = Alert.objects.filter(user_id=user_id)
    return alerts.filter(pk=alert_id) if alert_id is not None else alerts


# --- The outbox ---------------------------------------------------------------------------------


def publication_enqueue(*, meeting: Meeting) -> Publication:
    """Queue the meeting's alerts; call inside the publishing transaction."""
    return Publication.objects.create(meeting=meeting)


@dataclass
class SendResult:
    publications: int = 0
    emails: int = 0
    failures: int = 0


def publications_send(*, now: dt.datetime | None = None) -> SendResult:
    """Mail every queued publication, oldest first (`manage.py send_alerts`)."""
    result = SendResult()
    for pk in (
        Publication.objects.pending().order_by("created_at", "pk").values_list("pk", flat=True)
    ):
        publication = _publication_claim(pk, now or timezone.now())
        if publication is None:
            continue  # another run has it
        result.publications += 1
        sent, errors = publication_send(publication=publication)
        result.emails += sent
        result.failures += len(errors)
        _publication_finish(publication, sent=sent, errors=errors)
    return result


def _publication_claim(pk: int, now: dt.datetime) -> Publication | None:
    """Take the publication for this run (one UPDATE: two runs never both get it)."""
    free = models.Q(claimed_at__isnull=True) | models.Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    claimed = Publication.objects.pending().filter(free, pk=pk).update(claimed_at=now)
    return Publication.objects.select_related("meeting__network").get(pk=pk) if claimed else None


def _publication_finish(publication: Publication, *, sent: int, errors: list[str]) -> None:
    publication.attempts += 1
    publication.sent_count += sent
    publication.claimed_at = None
    publication.last_error = "\n".join(errors)[:5000]
    if not errors or publication.attempts >= MAX_ATTEMPTS:
        publication.processed_at = timezone.now()
    publication.save(
        update_fields=["attempts", "sent_count", "claimed_at", "last_error", "processed_at"]
    )


@dataclass
class Match:
    """What one member is sent for one publication."""

    user: object
    decisions: list = field(default_factory=list)
    alerts: list = field(default_factory=list)


def publication_send(*, publication: Publication) -> tuple[int, list[str]]:
    """Send one publication's e-mails: (e-mails sent, errors). A meeting reopened since it was
    queued sends nothing now: publishing it again queues it again."""
    meeting = publication.meeting
    if not Meeting.objects.filter(pk=meeting.pk).published().exists():
        return 0, []
    sent, errors = 0, []
    for match in publication_matches(meeting=meeting).values():
        try:
            if _match_send(match, meeting):
                sent += 1
        except Exception as error:  # one member's mail server problem stops nobody else's
            logger.exception("Alert e-mail to user %s failed", match.user.pk)
            errors.append(f"{match.user.pk}: {error}")
    return sent, errors


def publication_matches(*, meeting: Meeting) -> dict[int, Match]:
    """{user id: Match} for every active member with an e-mail address whose alerts match a
    decision of the meeting; each decision once, in the minutes' order, with the alerts that
    matched. What was sent before and what the member may not read are left out later."""
    decisions = list(
        Decision.objects.filter(item__day__meeting=meeting)
        .select_related("item__day__meeting__network", "item__matter")
        .order_by("item__day__date", "item__number", "position", "pk")
    )
    if not decisions:
        return {}
    ids = [decision.pk for decision in decisions]
    matter_ids = {d.item.matter_id for d in decisions if d.item.matter_id}
    present = set(
        Attendance.objects.filter(day__meeting=meeting, organisation__isnull=False)
        .exclude(presence=Attendance.Presence.ABSENT)
        .values_list("organisation_id", flat=True)
    )
    responsible = set(
        Action.objects.filter(
            decision_id__in=ids, responsible_organisation__isnull=False
        ).values_list("responsible_organisation_id", flat=True)
    )
    alerts = (
        Alert.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .filter(
            models.Q(kind=Alert.Kind.NETWORK, network_id=meeting.network_id)
            | models.Q(kind=Alert.Kind.MATTER, matter_id__in=matter_ids)
            | models.Q(kind=Alert.Kind.ORGANISATION, organisation_id__in=present | responsible)
            | (
                models.Q(kind=Alert.Kind.SEARCH)
                & (models.Q(network__isnull=True) | models.Q(network_id=meeting.network_id))
            )
        )
        .select_related("user", "network", "matter", "organisation")
        .order_by("user_id", "kind", "created_at", "pk")
    )
    found_by: dict[tuple, set[int]] = {}  # one query per distinct search or organisation

    def matching(alert: Alert) -> set[int]:
        if alert.kind == Alert.Kind.NETWORK:
            return set(ids)
        if alert.kind == Alert.Kind.MATTER:
            return {d.pk for d in decisions if d.item.matter_id == alert.matter_id}
        if alert.kind == Alert.Kind.ORGANISATION:
            key = ("organisation", alert.organisation_id)
            if key not in found_by:
                found_by[key] = _for_organisation(ids, alert.organisation_id)
            return found_by[key]
        key = ("search", alert.words, alert.decision_kind)
        if key not in found_by:
            found_by[key] = _for_words(ids, alert.words, alert.decision_kind)
        return found_by[key]

    matches: dict[int, Match] = {}
    chosen: dict[int, set[int]] = {}
    for alert in alerts:
        found = matching(alert)
        if not found:
            continue
        match = matches.setdefault(alert.user_id, Match(user=alert.user))
        match.alerts.append(alert)
        chosen.setdefault(alert.user_id, set()).update(found)
    for user_id, match in matches.items():
        match.decisions = [d for d in decisions if d.pk in chosen[user_id]]
    return matches


def _for_words(ids: list[int], words: str, decision_kind: str) -> set[int]:
    """The decisions among ids that the registry's search finds for words: the filter of
    /beslut/?q= (decisions.filters.DecisionFilter, whose words rule is that of /sok/: stemmed
    full-text on PostgreSQL, Snowball stems elsewhere; a decision also by its item's words)."""
    decisions = Decision.objects.filter(pk__in=ids)
    if decision_kind:
        decisions = decisions.filter(kind=decision_kind)
    # The words filter does not depend on the reader; the form only needs a request to list the
    # other filters' choices, which it never evaluates here.
    found = DecisionFilter(
        {"q": words},
        queryset=decisions,
        request=SimpleNamespace(user=AnonymousUser()),
        years=[],
    )
    if not found.is_valid():
        return set()
    return set(found.qs.values_list("pk", flat=True))


def _for_organisation(ids: list[int], organisation_id: int) -> set[int]:
    """Decisions taken while someone from the organisation was present (the rule of
    /beslut/?municipality=), or with an action the organisation is responsible for (as its
    page lists them)."""
    decisions = Decision.objects.filter(pk__in=ids)
    present = decisions.taken_in_presence_of(organisation=organisation_id)
    responsible = decisions.filter(actions__responsible_organisation_id=organisation_id)
    return set(present.values_list("pk", flat=True)) | set(responsible.values_list("pk", flat=True))


def _match_send(match: Match, meeting: Meeting) -> bool:
    """One member's e-mail: the decisions they may read and have not been sent, recorded in the
    same transaction. False when nothing is left to send."""
    user = match.user
    with transaction.atomic():
        readable = set(
            Decision.objects.visible_to(user)
            .published()
            .filter(pk__in=[d.pk for d in match.decisions])
            .exclude(
                pk__in=SentDecision.objects.filter(user=user).values("decision_id"),
            )
            .values_list("pk", flat=True)
        )
        decisions = [d for d in match.decisions if d.pk in readable]
        if not decisions:
            return False
        SentDecision.objects.bulk_create(
            [SentDecision(user=user, decision=d) for d in decisions], ignore_conflicts=True
        )
        language = (
            AlertProfile.objects.filter(user=user).values_list("language", flat=True).first()
            or settings.LANGUAGE_CODE
        )
        with translation.override(language):
            message = alert_email(user=user, meeting=meeting, decisions=decisions, match=match)
        message.send()
    return True


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def alert_email(*, user, meeting: Meeting, decisions: list, match: Match) -> EmailMessage:
    """The e-mail for one member and one publication, in the active language."""
    unsubscribe_all = absolute(
        reverse("alerts:unsubscribe", args=[unsubscribe_token(user_id=user.pk)])
    )
    subject = ngettext(
        "Nytt beslut: %(network)s %(date)s",
        "%(count)s nya beslut: %(network)s %(date)s",
        len(decisions),
    ) % {"count": len(decisions), "network": meeting.network, "date": f"{meeting.start_date}"}
    body = render_to_string(
        "alerts/email.txt",
        {
            "user": user,
            "meeting": meeting,
            "meeting_url": absolute(meeting.get_absolute_url()),
            "decisions": [
                {"decision": d, "url": absolute(d.get_absolute_url())} for d in decisions
            ],
            "alerts": [
                {
                    "alert": alert,
                    "unsubscribe_url": absolute(
                        reverse(
                            "alerts:unsubscribe",
                            args=[unsubscribe_token(user_id=user.pk, alert_id=alert.pk)],
                        )
                    ),
                }
                for alert in match.alerts
            ],
            "alerts_url": absolute(reverse("alerts:index")),
            "unsubscribe_all": unsubscribe_all,
        },
    )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_all}>",
            "Auto-Submitted": "auto-generated",
        },
    )
