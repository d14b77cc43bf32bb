"""Follow the registry without visiting it: Atom feeds of published decisions and meetings,
iCalendar of a network's meeting days, and a member's page with the addresses.

Public addresses (/floden/..., /kalender/<network>.ics) follow the pages' rule (reader_required:
anyone where REGISTRY_PUBLIC is on, otherwise members with a session and visitors to the login
page). Private addresses (/floden/privat/<token>/..., /kalender/privat/<token>/...) are for feed
readers and calendars, which have no session: an unknown or renewed token is a 404. Either way a
feed holds published minutes only, never a draft, whoever reads it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decisions.filters import DecisionFilter
from decisions.models import Decision
from minutes.access import reader_required
from minutes.models import Meeting, MeetingDay
from minutes.presentation import dates_label
from minutes.richtext import render_markdown
from network.models import Network

from .calendar import calendar_ics
from .links import feed_url, reader_token
from .models import FeedToken

FEED_LENGTH = 50  # entries in an Atom feed: the latest published
# A decision feed is what is new: the decisions of the FEED_MEETINGS most recently published
# meetings (of its network), so that a feed never sorts every decision ever taken (at 100 000
# decisions that sort took 170 ms; this, 10 ms). Per network that is years of meetings.
FEED_MEETINGS = 200
CALENDAR_MEETINGS = 100  # meetings in a network's calendar: the latest, each with all its days


def token_reader_or_404(token: str | None):
    """The user of a private address; 404 for an unknown (renewed) token."""
    if token is None:
        return None
    user = FeedToken.objects.reader(token)
    if user is None:
        raise Http404
    return user


def network_or_404(slug: str | None) -> Network | None:
    return get_object_or_404(Network, slug=slug) if slug else None


@dataclass
class Scope:
    """What one request asked a feed for (the Feed instance is shared between requests)."""

    request: object
    network: Network | None
    query: str = ""
    decisions: object = None


class RegistryFeed(Feed):
    feed_type = Atom1Feed

    def author_name(self):
        # Atom (RFC 4287) asks for an author on the feed when its entries name none.
        return settings.SITE_OWNER

    def feed_url(self, scope):
        return scope.request.get_full_path()

    def item_pubdate(self, item):
        return self.published_at(item)

    def item_updateddate(self, item):
        return self.published_at(item)

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Members-only minutes behind a private address: no shared cache keeps a copy.
        response["Cache-Control"] = "private, no-cache"
        return response


class DecisionFeed(RegistryFeed):
    """/floden/beslut/[<network>/][?q=words]: the latest published decisions, newest
    publication first."""

    def get_object(self, request, network=None, token=None):
        token_reader_or_404(token)
        scope = Scope(request, network_or_404(network), request.GET.get("q", "").strip())
        meetings = Meeting.objects.published()
        if scope.network:
            meetings = meetings.filter(network=scope.network)
        latest = meetings.order_by(F("published_at").desc(nulls_last=True), "-start_date").values(
            "pk"
        )[:FEED_MEETINGS]
        decisions = Decision.objects.filter(item__day__meeting__in=latest).select_related(
            "item__day__meeting__network"
        )
        if scope.query:
            # The registry's own search (/beslut/?q=): the same words find the same decisions.
            words = DecisionFilter(
                {"q": scope.query}, queryset=decisions, request=request, years=[]
            )
            if not words.is_valid():
                raise Http404
            decisions = words.qs
        scope.decisions = decisions.order_by(
            F("item__day__meeting__published_at").desc(nulls_last=True),
            "-taken_on",
            "item__number",
            "position",
        )
        return scope

    def items(self, scope):
        return scope.decisions[:FEED_LENGTH]

    def title(self, scope):
        name = scope.network.name if scope.network else _("Registret")
        if scope.query:
            return _("Beslut i %(name)s som innehåller ”%(q)s”") % {"name": name, "q": scope.query}
        return _("Beslut i %(name)s") % {"name": name}

    def subtitle(self, scope):
        return _("Justerade beslut och ställningstaganden, det senast justerade först.")

    def link(self, scope):
        params = {}
        if scope.network:
            params["network"] = scope.network.slug
        if scope.query:
            params["q"] = scope.query
        url = reverse("decisions:decision_list")
        return url + (f"?{urlencode(params)}" if params else "")

    def item_title(self, decision):
        name = decision.label or decision.item.title
        return f"{decision.reference} – {decision.get_kind_display()}: {name}"

    def item_description(self, decision):
        # Atom <summary type="html">: the wording as the decision page renders it.
        return render_markdown(decision.text) + (
            f"<p>{escape(_('Punkt'))} {decision.item.number}: {escape(decision.item.title)}</p>"
        )

    def item_link(self, decision):
        return decision.get_absolute_url()

    def item_categories(self, decision):
        return [decision.get_kind_display(), decision.item.day.meeting.network.name]

    @staticmethod
    def published_at(decision):
        meeting = decision.item.day.meeting
        return meeting.published_at or meeting.updated_at


class MeetingFeed(RegistryFeed):
    """/floden/moten/[<network>/]: the latest published minutes, newest publication first."""

    def get_object(self, request, network=None, token=None):
        token_reader_or_404(token)
        return Scope(request, network_or_404(network))

    def items(self, scope):
        meetings = Meeting.objects.published().select_related("network").prefetch_related("days")
        if scope.network:
            meetings = meetings.filter(network=scope.network)
        return meetings.order_by(F("published_at").desc(nulls_last=True), "-start_date")[
            :FEED_LENGTH
        ]

    def title(self, scope):
        name = scope.network.name if scope.network else _("Registret")
        return _("Justerade möten i %(name)s") % {"name": name}

    def subtitle(self, scope):
        return _("Anteckningar från nätverkens möten, de senast justerade först.")

    def link(self, scope):
        url = reverse("minutes:meeting_list")
        return url + (f"?{urlencode({'network': scope.network.slug})}" if scope.network else "")

    def item_title(self, meeting):
        dates = dates_label([day.date for day in meeting.days.all()]) or f"{meeting.start_date}"
        return f"{meeting.network} {dates}: {meeting.display_title}"

    def item_description(self, meeting):
        parts = []
        if meeting.theme:
            parts.append(f"<p>{escape(_('I fokus:'))} {escape(meeting.theme)}</p>")
        if meeting.location:
            parts.append(f"<p>{escape(_('Plats:'))} {escape(meeting.location)}</p>")
        return "".join(parts)

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_categories(self, meeting):
        return [meeting.network.name]

    @staticmethod
    def published_at(meeting):
        return meeting.published_at or meeting.updated_at


decision_feed = DecisionFeed()
meeting_feed = MeetingFeed()


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def meeting_days(meetings) -> list[tuple[MeetingDay, int, int]]:
    """(day, its number, the meeting's number of days) for meetings with prefetched days."""
    rows = []
    for meeting in meetings:
        days = list(meeting.days.all())
        for number, day in enumerate(days, start=1):
            day.meeting = meeting  # already this object: said so that no query is made
            rows.append((day, number, len(days)))
    return rows


def network_calendar(request, network, token=None):
    """A network's latest CALENDAR_MEETINGS published meetings, every day, as one calendar."""
    token_reader_or_404(token)
    network = get_object_or_404(Network, slug=network)
    meetings = (
        Meeting.objects.published()
        .filter(network=network)
        .select_related("network")
        .prefetch_related("days")
        .order_by("-start_date")[:CALENDAR_MEETINGS]
    )
    content = calendar_ics(
        meeting_days(meetings),
        name=_("Möten i %(name)s") % {"name": network.name},
        host=request.get_host(),
        url_for=lambda day: request.build_absolute_uri(day.get_absolute_url()),
    )
    return ics_response(content, f"{network.slug}.ics")


@reader_required
def meeting_calendar(request, pk):
    """/moten/<id>/kalender.ics: one meeting, each day an event; a draft for editors only (the
    meeting page's rule), and without the minutes' address until they are published."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("network").prefetch_related("days"),
        pk=pk,
    )
    content = calendar_ics(
        meeting_days([meeting]),
        name=str(meeting),
        host=request.get_host(),
        url_for=lambda day: (
            request.build_absolute_uri(day.get_absolute_url()) if meeting.is_published else None
        ),
    )
    return ics_response(content, f"{slugify(meeting.network.name)}-{meeting.start_date}.ics")


@reader_required
def index(request):
    """/floden/: every feed and calendar address, with the member's private ones and a button
    to make (or renew) them."""
    token = reader_token(request)
    needs_token = token == ""  # a member of a registry that is not public, without a token yet
    networks = (
        []
        if needs_token
        else Network.objects.filter(meetings__status=Meeting.Status.PUBLISHED).distinct()
    )

    def absolute(name, **kwargs):
        if needs_token:
            return None
        return request.build_absolute_uri(feed_url(name, token=token, **kwargs))

    return render(
        request,
        "feeds/index.html",
        {
            "public": settings.REGISTRY_PUBLIC,
            "has_token": bool(token),
            "needs_token": needs_token,
            "token_created": (
                FeedToken.objects.filter(user=request.user)
                .values_list("created_at", flat=True)
                .first()
                if token
                else None
            ),
            "all_decisions": absolute("decisions"),
            "all_meetings": absolute("meetings"),
            "networks": [
                {
                    "network": network,
                    "decisions": absolute("network_decisions", network=network.slug),
                    "meetings": absolute("network_meetings", network=network.slug),
                    "calendar": absolute("calendar", network=network.slug),
                }
                for network in networks
            ],
        },
    )


@login_required
@require_POST
def renew(request):
    """Make the member's private address, or replace it: the old one stops working at once."""
    had_token = FeedToken.objects.filter(user=request.user).exists()
    FeedToken.renew(request.user)
    if had_token:
        messages.success(request, _("Du har fått nya adresser. De gamla fungerar inte längre."))
    else:
        messages.success(request, _("Dina privata adresser är klara att kopiera."))
    return redirect("feeds:index")
