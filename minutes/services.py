"""Writes that span apps: importing a parsed minutes into meetings, people and decisions."""

import contextlib
import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from alerts.services import publication_enqueue
from decisions.models import Action, Decision
from decisions.services import actions_link_responsible
from minutes.parsing import ParsedMinutes, default_aliases, parse_minutes
from minutes.parsing.attendance import note_presence
from network.matching import PersonIndex, organisation_aliases, organisation_find
from network.models import Appointment, Membership, Network, Organisation, Person, normalise_name

from . import caching
from .links import safe_url
from .models import AgendaItem, Attachment, Attendance, Matter, Meeting, MeetingDay


class ImportRefused(Exception):
    """The minutes cannot be imported as they are; the message says why, in Swedish."""


@dataclass
class ImportResult:
    meeting: Meeting
    people_created: list[Person] = field(default_factory=list)
    probable_duplicates: list[tuple[Person, list[Person]]] = field(default_factory=list)
    organisations_created: list[Organisation] = field(default_factory=list)
    nameless: list[str] = field(default_factory=list)

    def nameless_warnings(self) -> list[str]:
        """Attendance lines naming only an organisation: not recorded, said so."""
        if not self.nameless:
            return []
        return [
            gettext("Närvarande utan namn sparades inte: %(orgs)s. Lägg till dem i närvaron.")
            % {"orgs": ", ".join(filter(None, self.nameless)) or "?"}
        ]

    def duplicate_warnings(self) -> list[str]:
        """One line per person created whose name is a near-identical spelling of another."""
        return [
            gettext(
                "Trolig dubblett: %(person)s liknar %(similar)s; slå ihop i admin om det är samma"
                " person."
            )
            % {
                "person": f"{person.full_name} (id {person.pk})",
                "similar": ", ".join(f"{p.full_name} (id {p.pk})" for p in similar),
            }
            for person, similar in self.probable_duplicates
        ]


def minutes_parse(
    *, text: str, first_date: dt.date | None = None, filename: str = ""
) -> ParsedMinutes:
    """Parse with the organisation names the database knows on top of the parser's own list."""
    aliases = default_aliases()
    with contextlib.suppress(DatabaseError):  # a dry run before the first migrate
        aliases.update(organisation_aliases())
    return parse_minutes(text, first_date=first_date, aliases=aliases, filename=filename)


def minutes_preview(*, parsed: ParsedMinutes) -> dict:
    """The parsed minutes as a dict, each person marked new, existing or probable duplicate."""
    data = parsed.to_dict()
    try:
        index = PersonIndex()
    except DatabaseError:
        return data
    for day in data["days"]:
        for attendee in day["attendees"] + day.get("absent", []):
            attendee.update(index.match(attendee["name"]).as_dict())
    for recorder in data["recorders"]:
        recorder.update(index.match(recorder["name"]).as_dict())
    return data


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# "Ebba Gierow utses av socialchefs nätverket som representant från GR i styrgrupp ..."
APPOINTMENT = re.compile(
    r"^(?P<name>\w[\w-]*(?: \w[\w-]*){1,3}),?(?: \w+,)? (?:utses|väljs)\b[^.]*?"
    r"\bsom (?P<role>\w+)(?: från \w+)?(?: i (?P<body>[^.]+))?"
)


class _Import:
    """The state of one import: the people and organisations it finds or creates."""

    def __init__(
        self, network: Network, draft: Meeting | None = None, unlinked: Collection[str] = ()
    ):
        self.network = network
        # A draft's new people and organisations are draft_meeting: editors only until publish.
        self.draft = draft
        self.people = PersonIndex()
        # names the planning lead unlinked from the existing person of that name: each becomes a
        # new person (once per import, so that two days share them)
        self.unlinked = {normalise_name(name): None for name in unlinked}
        self.orgs: dict[str, Organisation | None] = {}
        self.people_created: list[Person] = []
        self.probable_duplicates: list[tuple[Person, list[Person]]] = []
        self.organisations_created: list[Organisation] = []
        self.nameless: list[str] = []  # organisations listed as present without a person

    def organisation(self, written: str | None, kind: str = Organisation.Kind.OTHER):
        if not written:
            return None
        key = normalise_name(written)
        if key not in self.orgs:
            org = organisation_find(written)
            if org is None:
                org = Organisation.objects.create(
                    name=written, short_name=written, kind=kind, draft_meeting=self.draft
                )
                self.organisations_created.append(org)
            self.orgs[key] = org
        return self.orgs[key]

    def person(self, name: str, title: str = "") -> Person:
        key = normalise_name(name)
        if key in self.unlinked:
            if self.unlinked[key] is None:
                person = Person.objects.create(
                    full_name=name, title=title, draft_meeting=self.draft
                )
                self.people_created.append(person)
                self.unlinked[key] = person
            return self.unlinked[key]
        match = self.people.match(name)
        if match.person is not None:
            # A draft fills in a title on its own people only: it changes no published record.
            own = self.draft is None or match.person.draft_meeting_id is not None
            if title and not match.person.title and own:
                match.person.title = title
                match.person.save(update_fields=["title"])
            return match.person
        person = Person.objects.create(full_name=name, title=title, draft_meeting=self.draft)
        self.people.add(person)
        self.people_created.append(person)
        if match.status == "probable_duplicate":
            self.probable_duplicates.append((person, match.similar))
        return person


def meeting_find_existing(*, network: Network, start_date: dt.date, sha256: str) -> Meeting | None:
    return (
        Meeting.objects.filter(network=network, start_date=start_date).first()
        or Meeting.objects.filter(network=network, source_sha256=sha256)
        .exclude(source_sha256="")
        .first()
    )


@transaction.atomic
def minutes_import(
    *,
    parsed: ParsedMinutes,
    network: Network,
    source_text: str = "",
    source_filename: str = "",
    publish: bool = False,
    date_note: str | None = None,
    unlinked: Collection[str] = (),
) -> ImportResult:
    """Create a meeting with its days, attendance, items, decisions and actions, all or nothing.

    The parsed minutes must carry a date for every day (parse with first_date when the text
    has none). date_note says how a date the text lacked was chosen (a default says it was
    given at import). unlinked names people who must be created anew even though a person of
    that name exists (the review's "not the same person"). Raises ImportRefused when the
    meeting already exists.
    """
    if not parsed.days or any(day.date is None for day in parsed.days):
        raise ImportRefused(gettext("Mötet saknar datum: ange första mötesdagen."))
    start_date = parsed.days[0].date
    sha256 = text_sha256(source_text) if source_text else ""
    existing = meeting_find_existing(network=network, start_date=start_date, sha256=sha256)
    if existing is not None:
        raise ImportRefused(
            gettext("Mötet finns redan: %(meeting)s (id %(id)s).")
            % {"meeting": existing, "id": existing.pk}
        )

    if date_note is None and not parsed.year_in_text:
        suggested = parsed.suggested_date.isoformat() if parsed.suggested_date else "inget datum"
        date_note = (
            f"Texten saknar fullständigt datum; {start_date:%Y-%m-%d} angavs vid importen "
            f"(texten föreslog {suggested})."
        )
    meeting = Meeting.objects.create(
        network=network,
        start_date=start_date,
        theme=parsed.theme,
        location=parsed.location,
        status=Meeting.Status.PUBLISHED if publish else Meeting.Status.DRAFT,
        published_at=timezone.now() if publish else None,
        source_filename=source_filename,
        source_sha256=sha256,
        source_text=source_text,
        date_note=date_note or "",
    )
    state = _Import(network, draft=None if publish else meeting, unlinked=unlinked)
    for parsed_day in parsed.days:
        _import_day(state, meeting, parsed_day)
    for recorder in parsed.recorders:
        meeting.recorders.add(state.person(recorder.name, recorder.title))
    # "Yvonne", "Mio S": linked when they name one person at this meeting (now that its
    # attendance is recorded); the rest are left for a planning lead to resolve.
    actions_link_responsible(actions=Action.objects.filter(item__day__meeting=meeting))
    if publish:
        _meeting_published(meeting)
    return ImportResult(
        meeting=meeting,
        people_created=state.people_created,
        probable_duplicates=state.probable_duplicates,
        organisations_created=state.organisations_created,
        nameless=state.nameless,
    )


def _import_day(state: _Import, meeting: Meeting, parsed_day) -> None:
    day = MeetingDay.objects.create(
        meeting=meeting, date=parsed_day.date, heading=parsed_day.heading
    )
    items = {}
    for parsed_item in parsed_day.items:
        items[parsed_item.number] = _import_item(state, day, parsed_item)
    regional = Organisation.Kind.REGIONAL_BODY
    groups = {"network": Attendance.Group.NETWORK, "gr": Attendance.Group.REGIONAL}
    seen = set()
    for position, attendee in enumerate([*parsed_day.attendees, *parsed_day.absent]):
        if not attendee.name.strip():  # "Närvarande: Bolagsverket, Digg": no person to record
            state.nameless.append(attendee.organization_as_written or attendee.organization or "")
            continue
        person = state.person(attendee.name)
        if person.pk in seen:  # listed twice on one day: keep the first line
            continue
        seen.add(person.pk)
        group = groups.get(attendee.group, Attendance.Group.GUEST)
        org = state.organisation(
            attendee.organization, regional if group == Attendance.Group.REGIONAL else "other"
        )
        absent = position >= len(parsed_day.attendees)
        presence = (
            Attendance.Presence.ABSENT
            if absent
            else Attendance.Presence.PARTIAL
            if attendee.partial
            else Attendance.Presence.PRESENT
        )
        attendance = Attendance.objects.create(
            day=day,
            person=person,
            organisation=org,
            organisation_as_written=attendee.organization_as_written or "",
            group=group,
            presence=presence,
            note=attendee.note,
            remote=attendee.remote,
            position=position,
        )
        present_for = [items[n] for n in attendee.items_present if n in items]
        if present_for:
            attendance.items.set(present_for)
    for parsed_item in parsed_day.items:
        item = items[parsed_item.number]
        presenters = [state.people.match(name).person for name in parsed_item.presenters]
        item.presenters.set([p for p in presenters if p is not None])


def _import_item(state: _Import, day: MeetingDay, parsed_item) -> AgendaItem:
    links, refused = _links_split(parsed_item.links)
    item = AgendaItem.objects.create(
        day=day,
        number=parsed_item.number,
        title=parsed_item.title[:500],
        body=_body_with_refused_links(parsed_item.body, refused),
        outcome=AgendaItem.Outcome.TABLED if parsed_item.tabled else AgendaItem.Outcome.NONE,
    )
    for url in links:
        Attachment.objects.create(item=item, title=url[:300], url=url[:1000])
    for position, parsed_decision in enumerate(parsed_item.decisions, start=1):
        decision = Decision.objects.create(
            item=item,
            position=position,
            kind=parsed_decision.kind,
            label=parsed_decision.label,
            text=parsed_decision.text,
        )
        _appointment_from(state, decision, day.date)
    for parsed_action in parsed_item.actions:
        responsible = parsed_action.responsible
        person = state.people.match(responsible).person if responsible else None
        org = organisation_find(responsible) if responsible and person is None else None
        Action.objects.create(
            item=item,
            text=parsed_action.text,
            responsible_as_written=responsible,
            responsible_person=person,
            responsible_organisation=org,
            due_date=parsed_action.due,
            due_text=parsed_action.due_text,
        )
    return item


def _links_split(written: list[str]) -> tuple[list[str], list[str]]:
    """([URLs to link to], [links refused]): only http, https and mailto become attachments
    ("www.gr.se" as https://www.gr.se); "javascript:..." and the like stay in the item's text."""
    links, refused = {}, {}
    for url in written:
        safe = safe_url(url)
        if safe is None:
            refused[url] = None
        else:
            links[safe] = None
    return list(links), list(refused)


def _body_with_refused_links(body: str, refused: list[str]) -> str:
    """The item's text with the refused links added as plain text, so that nothing written in
    the minutes is lost (the pages show item text escaped, never as a link)."""
    if not refused:
        return body
    # Stored in the minutes' own language (Swedish), whatever the importing editor reads in.
    lines = ["Länkar som inte blev bilagor (bara http, https och mailto blir länkar):"]
    lines += [f"- {url}" for url in refused]
    return "\n\n".join(part for part in (body.rstrip(), "\n".join(lines)) if part)


def _appointment_from(state: _Import, decision: Decision, date: dt.date) -> None:
    """A decision that appoints a named, known person records the appointment too."""
    match = APPOINTMENT.match(decision.text)
    if not match:
        return
    person = state.people.match(match["name"]).person
    if person is None:
        return
    Appointment.objects.create(
        person=person,
        network=state.network,
        body=(match["body"] or decision.label or decision.item.title).strip()[:300],
        role=match["role"],
        start_date=date,
        decision=decision,
    )


def _memberships_record(meeting: Meeting) -> None:
    """The network's members at published minutes (present for an organisation, in the
    network's group) are recorded as members of it; people who moved have their earlier
    membership closed. Done when the minutes are published, never for a draft."""
    attendances = (
        Attendance.objects.filter(
            day__meeting=meeting, group=Attendance.Group.NETWORK, organisation__isnull=False
        )
        .exclude(presence=Attendance.Presence.ABSENT)
        .order_by("day__date", "position", "pk")
        .values_list("person_id", "organisation_id", "day__date")
    )
    members = {}
    for person_id, organisation_id, date in attendances:
        _membership_ensure(person_id, meeting.network_id, organisation_id, date)
        members[person_id] = None
    for person_id in members:
        _memberships_close(person_id, meeting.network_id)


def _membership_ensure(person_id: int, network_id: int, org_id: int, date: dt.date) -> None:
    """The person represented org in the network on date: record or widen the membership."""
    membership = (
        Membership.objects.filter(
            person_id=person_id, network_id=network_id, organisation_id=org_id
        )
        .order_by("start_date")
        .first()
    )
    if membership is None:
        Membership.objects.create(
            person_id=person_id, network_id=network_id, organisation_id=org_id, start_date=date
        )
    elif membership.start_date > date:
        membership.start_date = date
        membership.save(update_fields=["start_date"])


def _memberships_close(person_id: int, network_id: int) -> None:
    """People move: an open membership ends the day before the next one (another
    organisation) starts. Christina Alvelin: Lerum, then Göteborg, then Mölndal."""
    memberships = list(
        Membership.objects.filter(person_id=person_id, network_id=network_id).order_by("start_date")
    )
    for earlier, later in itertools.pairwise(memberships):
        if earlier.organisation_id != later.organisation_id and (
            earlier.end_date is None or earlier.end_date >= later.start_date
        ):
            earlier.end_date = max(earlier.start_date, later.start_date - dt.timedelta(days=1))
            earlier.save(update_fields=["end_date"])


# --- Drafts: what only a draft names is for editors until it is published ---------------------

# Where minutes name a person, an organisation or a matter: lookups from the record to the
# meeting. A record whose draft_meeting is set is seen by editors only; publishing any meeting
# that names it clears the mark (minutes network 0003 and minutes 0006 hold a frozen copy).
NAMED_IN_MINUTES = {
    Person: [
        "attendances__day__meeting",
        "recorded_meetings",
        "presented_items__day__meeting",
        "actions__item__day__meeting",
        "appointments__decision__item__day__meeting",
    ],
    Organisation: ["attendances__day__meeting", "actions__item__day__meeting"],
    Matter: ["items__day__meeting"],
}
# What else keeps a record a draft created when the draft is discarded (an administrator's work).
# Deleted in this order: people first, so that their memberships no longer hold an organisation.
KEPT_BY = {
    Person: [
        models.Q(memberships__isnull=False),
        models.Q(appointments__isnull=False, appointments__decision__isnull=True),
    ],
    Organisation: [
        models.Q(memberships__isnull=False),
        models.Q(networks__isnull=False),
        models.Q(units__isnull=False),
    ],
    Matter: [],
}


def _meeting_published(meeting: Meeting) -> None:
    """What publishing changes outside the minutes: memberships, and the people,
    organisations and matters the minutes name are seen by every reader from now on."""
    _memberships_record(meeting)
    for model, paths in NAMED_IN_MINUTES.items():
        named = models.Q()
        for path in paths:
            named |= models.Q(pk__in=model.objects.filter(**{path: meeting}).values("pk"))
        model.objects.filter(named, draft_meeting__isnull=False).update(draft_meeting=None)


def meeting_discard(*, meeting: Meeting, version: int | None = None) -> None:
    """Throw a draft away: the meeting with its days, items, attendance, decisions, actions,
    attachments and the appointments its decisions made, and the people, organisations and
    matters it created that nothing else names. Those another draft names become that draft's;
    nothing published is touched. version: the editor's copy (None: the admin's delete).

    Raises MeetingLocked for minutes that are or have been published (their references have
    been cited; reopened minutes are corrected, not thrown away), MeetingConflict for a stale
    version."""
    with transaction.atomic():
        if version is not None:
            meeting_claim_version(meeting=meeting, version=version)
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_published or meeting.published_at is not None:
            raise MeetingLocked
        created = {
            model: list(model.objects.filter(draft_meeting=meeting).values_list("pk", flat=True))
            for model in NAMED_IN_MINUTES
        }
        Appointment.objects.filter(decision__item__day__meeting=meeting).delete()
        Decision.objects.filter(item__day__meeting=meeting).delete()  # PROTECT on the items
        meeting.delete()
        for model, ids in created.items():
            _draft_records_settle(model, ids)


def _draft_records_settle(model, ids: list[int]) -> None:
    """Records whose draft is gone: deleted when nothing names them, handed to another draft
    that names them, or seen by all when published minutes or an administrator's record do."""
    if not ids:
        return
    other_draft, kept = {}, set()
    for path in NAMED_IN_MINUTES[model]:
        rows = model.objects.filter(pk__in=ids, **{f"{path}__isnull": False}).values_list(
            "pk", f"{path}__pk", f"{path}__status"
        )
        for pk, meeting_id, status in rows:
            if status == Meeting.Status.DRAFT:
                other_draft[pk] = min(meeting_id, other_draft.get(pk, meeting_id))
            else:
                kept.add(pk)
    for condition in KEPT_BY[model]:
        kept.update(model.objects.filter(condition, pk__in=ids).values_list("pk", flat=True))
    model.objects.filter(pk__in=set(ids) - kept - set(other_draft)).delete()
    # The meeting's deletion cleared draft_meeting (SET_NULL); a draft still naming the record
    # takes it over, so it stays for editors only.
    by_draft = {}
    for pk, meeting_id in other_draft.items():
        if pk not in kept:
            by_draft.setdefault(meeting_id, []).append(pk)
    for meeting_id, pks in by_draft.items():
        model.objects.filter(pk__in=pks).update(draft_meeting_id=meeting_id)


# --- Recording minutes in the browser (minutes/editing/) ---------------------------------------


class MeetingLocked(Exception):
    """The meeting is published (justerad): nothing changes until a planning lead reopens it."""


class MeetingConflict(Exception):
    """Somebody else saved the same thing (the meeting, an item, a day's attendance, the
    meeting's details) since the form was loaded: a stale version."""


def meeting_create(
    *,
    network: Network,
    dates: list[dt.date],
    location: str = "",
    theme: str = "",
    title: str = "Anteckningar",
) -> Meeting:
    """A draft meeting with one MeetingDay per date."""
    dates = sorted(set(dates))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            network=network, start_date=dates[0], location=location, theme=theme, title=title
        )
        for date in dates:
            MeetingDay.objects.create(meeting=meeting, date=date)
    return meeting


def meeting_claim_version(*, meeting: Meeting, version: int) -> int:
    """Check-and-set the meeting's version, which every change in the meeting moves on: for
    justering and discarding, which must refuse a meeting changed since the page was loaded.
    Call inside transaction.atomic(). Returns the new version.

    Raises MeetingLocked for a published meeting, MeetingConflict for a stale version."""
    claimed = Meeting.objects.filter(
        pk=meeting.pk, version=version, status=Meeting.Status.DRAFT
    ).update(version=models.F("version") + 1, updated_at=timezone.now())
    if not claimed:
        current = Meeting.objects.filter(pk=meeting.pk).values("status", "version").get()
        if current["status"] == Meeting.Status.PUBLISHED:
            raise MeetingLocked
        raise MeetingConflict
    meeting.version = version + 1
    return meeting.version


def meeting_touch(*, meeting: Meeting) -> None:
    """Before any change in a draft, inside transaction.atomic(): the meeting's version moves on
    without being compared. The UPDATE locks the meeting's row until the change commits, so a
    justering either comes first (and this raises MeetingLocked) or after (and sees the new
    version, so a justering from a page loaded before the change is refused).

    Two editors' changes to different items only wait for each other's commit; what they
    edit is compared by its own version (record_claim_version)."""
    touched = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.DRAFT).update(
        version=models.F("version") + 1, updated_at=timezone.now()
    )
    if not touched:
        raise MeetingLocked


def record_claim_version(*, record: models.Model, version: int, field: str = "version") -> int:
    """Check-and-set the version a form carried for what it edits (an item, a day's attendance,
    the meeting's details); inside the transaction of the save. Returns the new version.

    Raises MeetingConflict when somebody else saved it since the form was loaded."""
    claimed = (
        type(record)
        ._default_manager.filter(pk=record.pk, **{field: version})
        .update(**{field: models.F(field) + 1})
    )
    if not claimed:
        raise MeetingConflict
    setattr(record, field, version + 1)
    return version + 1


def meeting_version_bump(*, meeting_ids) -> None:
    """A save that did not go through meeting_touch (the admin): the next version all the same,
    so that a justering from a page loaded before it is refused."""
    ids = {pk for pk in meeting_ids if pk is not None}
    if ids:
        Meeting.objects.filter(pk__in=ids).update(
            version=models.F("version") + 1, updated_at=timezone.now()
        )
        caching.registry_changed()  # an update() sends no signal (minutes/caching.py)


def record_versions_bump(*, model, ids, field: str = "version") -> None:
    """A save that did not go through record_claim_version (the admin): the items', days' or
    meeting's own version moves on, so that an editor's form loaded before it is refused."""
    ids = {pk for pk in ids if pk is not None}
    if ids:
        model._default_manager.filter(pk__in=ids).update(**{field: models.F(field) + 1})


def meeting_publish(*, meeting: Meeting, version: int) -> Meeting:
    """Justering: draft -> published. Decisions not yet published get the reference of their
    final item number; a reference that has once been published never changes."""
    with transaction.atomic():
        meeting_claim_version(meeting=meeting, version=version)
        _decision_references_settle(meeting)
        _attendance_items_link(meeting)
        _meeting_published(meeting)
        meeting.refresh_from_db()
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["status", "published_at", "updated_at"])
        publication_enqueue(meeting=meeting)  # alerts: mailed by send_alerts after the commit
    return meeting


def meeting_reopen(*, meeting: Meeting, reason: str = "") -> Meeting:
    """A deliberate act by a planning lead: published -> draft, with the reason in the history."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.PUBLISHED:
            return meeting
        meeting.status = Meeting.Status.DRAFT
        meeting.version += 1
        meeting._change_reason = (reason or "Öppnad igen")[:100]
        meeting.save(update_fields=["status", "version", "updated_at"])
    return meeting


def meeting_item_add(*, day: MeetingDay, title: str, **fields) -> AgendaItem:
    """A new item last on the day's agenda."""
    last = day.items.aggregate(last=models.Max("number"))["last"] or 0
    return AgendaItem.objects.create(day=day, number=last + 1, title=title, **fields)


def meeting_items_renumber(*, day: MeetingDay, order: list[int]) -> None:
    """Number the day's items 1..n in the given order of ids (items not named keep their
    relative order after them). Two steps so that unique (day, number) holds all along; only
    the final numbers are saved through save(), so the history shows real changes only."""
    items = {item.pk: item for item in day.items.all()}
    ids = [pk for pk in order if pk in items] + [pk for pk in items if pk not in order]
    with transaction.atomic():
        offset = max([item.number for item in items.values()] + [len(ids)]) + 1
        AgendaItem.objects.filter(day=day).update(number=models.F("number") + offset)
        for number, pk in enumerate(ids, start=1):
            item = items[pk]
            item.number = number
            item.save(update_fields=["number"])


def meeting_item_take_up(*, day: MeetingDay, tabled: AgendaItem) -> AgendaItem:
    """Put a tabled item of an earlier meeting on this day's agenda, linked back to it."""
    return meeting_item_add(
        day=day,
        title=tabled.title,
        matter=tabled.matter,
        tabled_from=tabled,
    )


def _decision_published_before(meeting: Meeting) -> dt.datetime | None:
    """When the meeting was last published before now (None: never)."""
    return (
        Meeting.history.filter(id=meeting.pk, status=Meeting.Status.PUBLISHED)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )


def _decision_references_settle(meeting: Meeting) -> None:
    """Give every decision created since the last publication the reference of its final
    item number and position; decisions that existed at a publication keep theirs."""
    last_published = _decision_published_before(meeting)
    decisions = list(
        Decision.objects.filter(item__day__meeting=meeting).select_related(
            "item__day__meeting__network"
        )
    )
    unsettled = [d for d in decisions if last_published is None or d.created_at > last_published]
    if not unsettled:
        return
    # Free the references first so that two renumbered items can swap them.
    for decision in unsettled:
        Decision.objects.filter(pk=decision.pk).update(
            reference=f"utkast-{decision.pk}", slug=f"utkast-{decision.pk}"
        )
    taken = set(
        Decision.objects.exclude(pk__in=[d.pk for d in unsettled]).values_list(
            "reference", flat=True
        )
    )
    for decision in sorted(unsettled, key=lambda d: (d.item.day.date, d.item.number, d.position)):
        reference = Decision.make_reference(decision.item, decision.position)
        candidate, n = reference, 1
        while candidate in taken:
            n += 1
            candidate = f"{reference} ({n})"
        taken.add(candidate)
        decision.reference = candidate
        decision.slug = slugify(candidate.replace("§", ""))
        decision.save(update_fields=["reference", "slug"])


def _attendance_items_link(meeting: Meeting) -> None:
    """ "punkt 4-8" written before the items existed: link the items now."""
    attendances = Attendance.objects.filter(
        day__meeting=meeting, presence=Attendance.Presence.PARTIAL, items__isnull=True
    ).exclude(note="")
    days = {}
    for attendance in attendances:
        if attendance.day_id not in days:
            days[attendance.day_id] = list(AgendaItem.objects.filter(day_id=attendance.day_id))
        items = days[attendance.day_id]
        numbers = note_presence(attendance.note, [(i.number, i.title) for i in items]).items
        if numbers:
            attendance.items.set([i for i in items if i.number in numbers])
