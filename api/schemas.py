"""What the API returns: one schema per resource, read from the models' attributes.

Names are English and values are the stored codes (kind "ställningstagande", presence
"partial"); labels in Swedish are the pages' business. Nothing here queries the database: the
views hand over objects from the QuerySet methods named in api.views, with everything prefetched.
"""

import datetime as dt

from ninja import Schema


class NetworkRef(Schema):
    slug: str
    name: str


class NetworkOut(Schema):
    slug: str
    name: str
    description: str
    organisation: str | None

    @staticmethod
    def resolve_organisation(network) -> str | None:
        return network.organisation.short_name if network.organisation else None


class PersonRef(Schema):
    id: int
    full_name: str


class AttendanceOut(Schema):
    person: PersonRef
    organisation: str | None
    organisation_as_written: str
    group: str
    presence: str
    remote: bool
    note: str
    items: list[int]

    @staticmethod
    def resolve_organisation(attendance) -> str | None:
        return attendance.organisation.short_name if attendance.organisation else None

    @staticmethod
    def resolve_items(attendance) -> list[int]:
        """The numbers of the items a partial attendance covered; empty: the whole day."""
        return [item.number for item in attendance.items.all()]


class MatterRef(Schema):
    id: int
    title: str


class ItemOut(Schema):
    number: int
    title: str
    body: str
    outcome: str
    matter: MatterRef | None
    presenters: list[PersonRef]
    decisions: list[str]

    @staticmethod
    def resolve_decisions(item) -> list[str]:
        return [decision.reference for decision in item.decisions.all()]


class DayOut(Schema):
    date: dt.date
    heading: str
    attendance: list[AttendanceOut]
    items: list[ItemOut]

    @staticmethod
    def resolve_attendance(day):
        return day.attendances.all()


class MeetingOut(Schema):
    id: int
    url: str
    network: NetworkRef
    title: str
    theme: str
    location: str
    start_date: dt.date
    published_at: dt.datetime | None
    updated_at: dt.datetime
    recorders: list[PersonRef]
    days: list[DayOut]

    @staticmethod
    def resolve_url(meeting, context) -> str:
        return context["request"].build_absolute_uri(meeting.get_absolute_url())

    @staticmethod
    def resolve_title(meeting) -> str:
        return meeting.display_title


class PresentOut(Schema):
    person: PersonRef
    organisation: str | None
    group: str
    presence: str
    remote: bool

    @staticmethod
    def resolve_organisation(attendance) -> str | None:
        return attendance.organisation.short_name if attendance.organisation else None


class AppointmentOut(Schema):
    person: PersonRef
    network: str
    body: str
    role: str
    start_date: dt.date
    end_date: dt.date | None

    @staticmethod
    def resolve_network(appointment) -> str:
        return appointment.network.slug


class DecisionOut(Schema):
    reference: str
    slug: str
    url: str
    kind: str
    label: str
    text: str
    date: dt.date
    meeting: int
    network: NetworkRef
    item_number: int
    item_title: str
    matter: MatterRef | None
    replaces: str | None
    follows_up: list[str]
    present: list[PresentOut]
    appointments: list[AppointmentOut]

    @staticmethod
    def resolve_url(decision, context) -> str:
        return context["request"].build_absolute_uri(decision.get_absolute_url())

    @staticmethod
    def resolve_date(decision) -> dt.date:
        return decision.item.day.date

    @staticmethod
    def resolve_meeting(decision) -> int:
        return decision.item.day.meeting_id

    @staticmethod
    def resolve_network(decision):
        return decision.item.day.meeting.network

    @staticmethod
    def resolve_item_number(decision) -> int:
        return decision.item.number

    @staticmethod
    def resolve_item_title(decision) -> str:
        return decision.item.title

    @staticmethod
    def resolve_matter(decision):
        return decision.item.matter

    @staticmethod
    def resolve_replaces(decision) -> str | None:
        return decision.replaces.reference if decision.replaces else None

    @staticmethod
    def resolve_follows_up(decision) -> list[str]:
        return [earlier.reference for earlier in decision.follows_up.all()]

    @staticmethod
    def resolve_present(decision):
        """Who was there when the decision was taken: the rule of the decision's page
        (AttendanceQuerySet.present_for), on the prefetched attendances of its day."""
        item = decision.item
        return [a for a in item.day.attendances.all() if a.was_present_for(item)]


class ActionOut(Schema):
    id: int
    text: str
    status: str
    overdue: bool
    not_followed_up: bool
    due_date: dt.date | None
    due_text: str
    responsible_person: PersonRef | None
    responsible_organisation: str | None
    responsible_as_written: str
    decision: str | None
    meeting: int
    network: NetworkRef
    date: dt.date
    item_number: int

    @staticmethod
    def resolve_overdue(action, context) -> bool:
        today = context["request"].api_today
        return (
            action.status == action.Status.OPEN
            and bool(action.due_date)
            and (action.due_date < today)
        )

    @staticmethod
    def resolve_responsible_organisation(action) -> str | None:
        organisation = action.responsible_organisation
        return organisation.short_name if organisation else None

    @staticmethod
    def resolve_decision(action) -> str | None:
        """The decision's reference, unless it was taken in minutes that are still a draft."""
        decision = action.decision
        if decision is None or not decision.item.day.meeting.is_published:
            return None
        return decision.reference

    @staticmethod
    def resolve_meeting(action) -> int:
        return action.item.day.meeting_id

    @staticmethod
    def resolve_network(action):
        return action.item.day.meeting.network

    @staticmethod
    def resolve_date(action) -> dt.date:
        return action.item.day.date

    @staticmethod
    def resolve_item_number(action) -> int:
        return action.item.number


class MembershipOut(Schema):
    network: str
    organisation: str
    role: str
    start_date: dt.date
    end_date: dt.date | None

    @staticmethod
    def resolve_network(membership) -> str:
        return membership.network.slug

    @staticmethod
    def resolve_organisation(membership) -> str:
        return membership.organisation.short_name


class RoleOut(Schema):
    network: str
    body: str
    role: str
    start_date: dt.date
    end_date: dt.date | None
    decision: str | None

    @staticmethod
    def resolve_network(appointment) -> str:
        return appointment.network.slug

    @staticmethod
    def resolve_decision(appointment) -> str | None:
        return appointment.decision.reference if appointment.decision else None


class PersonOut(Schema):
    id: int
    full_name: str
    title: str
    memberships: list[MembershipOut]
    appointments: list[RoleOut]


class FilterErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]
