"""Meetings as iCalendar (RFC 5545) with the icalendar library: one all-day event per meeting
day, so that a two-day meeting fills both days in the member's calendar."""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from minutes.models import MeetingDay

PRODID = "-//Registret//Nätverkens anteckningar och beslut//SV"


def day_summary(day: MeetingDay, *, day_number: int, day_count: int) -> str:
    """ "Socialchefsnätverket: Anteckningar – Nära vård (dag 1 av 2)"."""
    meeting = day.meeting
    summary = f"{meeting.network}: {meeting.display_title}"
    if meeting.theme:
        summary += f" – {meeting.theme}"
    if day_count > 1:
        summary += " " + _("(dag %(n)s av %(count)s)") % {"n": day_number, "count": day_count}
    return summary


def day_event(day: MeetingDay, *, day_number: int, day_count: int, host: str, url: str | None):
    """The day as a VEVENT; url (the minutes) only once they are published."""
    meeting = day.meeting
    event = Event()
    # Stable across downloads, so that a calendar updates the event instead of adding another.
    event.add("uid", f"registret-motesdag-{day.pk}@{host}")
    event.add("dtstamp", (meeting.published_at or meeting.updated_at).astimezone(dt.UTC))
    event.add("dtstart", day.date)
    event.add("dtend", day.date + dt.timedelta(days=1))
    event.add("summary", day_summary(day, day_number=day_number, day_count=day_count))
    if meeting.location:
        event.add("location", meeting.location)
    description = [meeting.theme] if meeting.theme else []
    if url:
        event.add("url", url)
        description.append(_("Anteckningar: %(url)s") % {"url": url})
    if description:
        event.add("description", "\n".join(description))
    return event


def calendar_ics(
    days: Iterable[tuple[MeetingDay, int, int]], *, name: str, host: str, url_for
) -> bytes:
    """A VCALENDAR of (day, day number, day count) rows; url_for(day) gives the minutes' address
    or None."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for day, number, count in days:
        calendar.add_component(
            day_event(day, day_number=number, day_count=count, host=host, url=url_for(day))
        )
    return calendar.to_ical()
