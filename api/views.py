"""The read-only API, /api/v1/: networks, meetings, decisions, actions, people's public roles.

Built with django-ninja (pyproject.toml says why). Every operation:

- reads only what has been published: drafts are not in the API for anyone, editors included
  (they work on drafts in /redigera/; a program that reads the API gets what the network stands
  by, and a key that leaks shows nothing unpublished);
- lets in readers by api.auth.RegistryReader (session, API key, or anyone with REGISTRY_PUBLIC);
- answers conditional GETs (api.caching: ETag always, Last-Modified for meetings and decisions);
- lists through a cursor ordered by the primary key, newest first, so that records added
  while a client pages through neither repeat nor push others out of its next page;
- takes its rows from one QuerySet method named for it (Meeting.objects.for_api() ...), so
  that a page of 50 runs as many queries as a page of 1.
"""

import datetime as dt

from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError
from ninja.pagination import CursorPagination, paginate

from decisions.filters import ActionFilter, DecisionFilter
from decisions.models import Action, Decision
from minutes.models import Meeting
from network.models import Network, Person

from .auth import RegistryReader
from .caching import conditional_get, note_last_modified
from .schemas import ActionOut, DecisionOut, MeetingOut, NetworkOut, PersonOut

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="Registret",
    version="1",
    description=(
        "Read-only JSON of the registry's published networks, meetings, decisions, actions and "
        "people's public roles. Send `Authorization: Bearer <key>` (a key from an "
        "administrator) or a logged-in session; without either only when the registry is "
        "public. Lists are paged with an opaque `cursor`: follow `next`."
    ),
    urls_namespace="api",
    auth=RegistryReader(),
    # The OpenAPI document only: the interactive docs load scripts from a CDN, which the
    # site's Content-Security-Policy forbids.
    docs_url=None,
    openapi_url="/openapi.json",
)


class FilterInvalid(Exception):
    def __init__(self, form):
        self.errors = {name: [str(e) for e in errors] for name, errors in form.errors.items()}


@api.exception_handler(FilterInvalid)
def filter_invalid(request, exc):
    return JsonResponse({"detail": "Invalid filter", "errors": exc.errors}, status=400)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = JsonResponse({"detail": "Unauthorized"}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# Newest first by primary key: unique, so the cursor is a position (`id <= 41`), never an
# offset that shifts when a record is published between two pages.
newest_first_pages = paginate(
    CursorPagination, ordering=("-pk",), page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE
)


def filtered(filterset):
    """The filterset's rows, or 400 with the errors (an unknown network, year=abc): never
    every row, as the pages."""
    if filterset.is_bound and not filterset.is_valid():
        raise FilterInvalid(filterset.form)
    return filterset.qs


def given(**params) -> dict:
    """The filters that were given, as the filterset's form data."""
    return {name: str(value) for name, value in params.items() if value not in (None, "")}


def meetings_last_modified(request) -> None:
    """Last-Modified of anything built from meetings: the newest save of any meeting (one
    aggregate; drafts count, so that reopening a published meeting moves it too)."""
    note_last_modified(request, Meeting.objects.aggregate(latest=Max("updated_at"))["latest"])


# Networks ----------------------------------------------------------------------------------


@api.get("/networks", response=list[NetworkOut], tags=["networks"])
@decorate_view(conditional_get)
@newest_first_pages
def network_list(request):
    return Network.objects.select_related("organisation")


@api.get("/networks/{slug}", response=NetworkOut, tags=["networks"])
@decorate_view(conditional_get)
def network_detail(request, slug: str):
    return get_object_or_404(Network.objects.select_related("organisation"), slug=slug)


# Meetings ----------------------------------------------------------------------------------


@api.get("/meetings", response=list[MeetingOut], tags=["meetings"])
@decorate_view(conditional_get)
@newest_first_pages
def meeting_list(
    request,
    network: str | None = Query(None, description="a network's slug"),
    year: int | None = Query(None, description="the year the meeting started"),
    start_from: dt.date | None = Query(None, description="first day on or after"),
    start_to: dt.date | None = Query(None, description="first day on or before"),
):
    """Published meetings with their days: attendance per day (partial presence names the
    items, remote presence is marked) and the items with their decisions' references."""
    meetings = Meeting.objects.published().for_api()
    if network:
        meetings = meetings.filter(network__slug=network)
    if year:
        meetings = meetings.filter(start_date__year=year)
    if start_from:
        meetings = meetings.filter(start_date__gte=start_from)
    if start_to:
        meetings = meetings.filter(start_date__lte=start_to)
    meetings_last_modified(request)
    return meetings


@api.get("/meetings/{meeting_id}", response=MeetingOut, tags=["meetings"])
@decorate_view(conditional_get)
def meeting_detail(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.published().for_api(), pk=meeting_id)
    note_last_modified(request, meeting.updated_at)
    return meeting


# Decisions ---------------------------------------------------------------------------------


@api.get("/decisions", response=list[DecisionOut], tags=["decisions"])
@decorate_view(conditional_get)
@newest_first_pages
def decision_list(
    request,
    network: str | None = Query(None, description="a network's slug"),
    year: int | None = Query(None, description="the year of the meeting day"),
    kind: str | None = Query(None, description="beslut, ställningstagande, inriktningsbeslut"),
    matter: int | None = Query(None, description="a matter's id"),
    q: str | None = Query(None, description="words in the wording, label or item, as /beslut/"),
):
    """Published decisions with their stable references, who was present when each was taken
    (partial presence respected, as on the decision's page) and the appointments it made.
    The filters are those of /beslut/ (decisions.filters.DecisionFilter)."""
    published = Meeting.objects.published()
    years = [day.year for day in published.dates("start_date", "year")] if year else []
    data = given(network=network, year=year, kind=kind, matter=matter, q=q)
    decisions = filtered(
        DecisionFilter(
            data or None,
            queryset=Decision.objects.published().for_api(),
            request=request,
            years=years,
        )
    )
    meetings_last_modified(request)
    return decisions


@api.get("/decisions/{slug}", response=DecisionOut, tags=["decisions"])
@decorate_view(conditional_get)
def decision_detail(request, slug: str):
    """One published decision by its slug (the end of its page's address)."""
    decision = get_object_or_404(Decision.objects.published().for_api(), slug=slug)
    note_last_modified(request, decision.item.day.meeting.updated_at)
    return decision


# Actions -----------------------------------------------------------------------------------


@api.get("/actions", response=list[ActionOut], tags=["actions"])
@decorate_view(conditional_get)
@newest_first_pages
def action_list(
    request,
    status: str | None = Query(
        None, description="open, done, cancelled, overdue or not_followed_up"
    ),
    network: str | None = Query(None, description="a network's slug"),
):
    """Actions recorded in published minutes, with status, who is responsible and when;
    `overdue`: open with a due date before today; `not_followed_up` as "Ej följd upp" on
    /atgarder/: overdue, or open, without a due date and recorded more than a year ago."""
    today = timezone.localdate()
    request.api_today = today
    return filtered(
        ActionFilter(
            given(status=status, network=network) or None,
            queryset=Action.objects.published().for_api().with_follow_up(today),
            request=request,
            today=today,
        )
    )


# People ------------------------------------------------------------------------------------


@api.get("/people", response=list[PersonOut], tags=["people"])
@decorate_view(conditional_get)
@newest_first_pages
def person_list(request):
    """People with a role in a network: memberships (who represents which organisation where,
    since when) and appointments (not those made in draft minutes). No e-mail addresses."""
    return Person.objects.with_public_roles()


@api.get("/people/{person_id}", response=PersonOut, tags=["people"])
@decorate_view(conditional_get)
def person_detail(request, person_id: int):
    return get_object_or_404(Person.objects.with_public_roles(), pk=person_id)
