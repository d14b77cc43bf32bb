"""The registry of decisions and actions: /beslut/, /beslut/<slug>/, /atgarder/."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from minutes.access import reader_required
from minutes.caching import filter_params, kept, kept_page, key_for
from minutes.charts import stacked_bars
from minutes.models import Attendance, Meeting
from minutes.presentation import body_blocks, municipalities_represented
from network.models import Organisation

from .filters import (
    NAME_MAX_LENGTH,
    ActionFilter,
    DecisionFilter,
    active_filters,
    people_named,
    people_present,
)
from .models import Action, Decision

PAGE_SIZE = 20
# The person filter's suggestions: this many at most, best first.
SUGGESTIONS = 10


@reader_required
def decision_list(request):
    """/beslut/. For readers the filters, the list and the chart are rendered once per filter
    and page and kept ({% kept %}), and so is what the filter's values are (valid or not, the
    chosen ones); everything below is built lazily, so a kept page builds no filter, form or
    queryset at all."""

    def make_filter() -> DecisionFilter:
        # The years of the meetings the user may see: one small query, not a scan of all
        # decisions.
        meetings = Meeting.objects.visible_to(request.user)
        years = kept(
            request,
            "meeting-years",
            [],
            lambda: [day.year for day in meetings.dates("start_date", "year", order="DESC")],
        )
        return DecisionFilter(
            request.GET or None,
            queryset=Decision.objects.visible_to(request.user).for_list(),
            request=request,
            years=years,
        )

    decision_filter = SimpleLazyObject(make_filter)
    params = filter_params(request, DecisionFilter.Meta.fields)

    def checked() -> dict:
        """Whether the filter's values are valid, the ones chosen (for the follow button and
        the feeds, made per request) and the list of active filters."""
        valid = is_usable(decision_filter)
        cleaned = decision_filter.form.cleaned_data if decision_filter.is_bound and valid else {}
        return {
            "valid": valid,
            "chosen": {name: cleaned.get(name) for name in ("q", "network", "kind", "matter")},
            "active": active_filters(decision_filter, request.path),
        }

    check = kept(request, "decision-filter", [params], checked)

    def listing() -> dict:
        # An invalid filter (year=abc) shows its error and no decisions, never every decision.
        decisions = decision_filter.qs if check["valid"] else Decision.objects.none()
        # The chart's counts add up to the number of decisions: one aggregate, the page's most
        # expensive query, serves both and is kept for readers until the registry changes.
        per_year = kept(request, "decisions-per-year", [params], decisions.per_year_and_kind)
        total = sum(sum(kinds.values()) for kinds in per_year.values())
        page, page_range = paginate(request, decisions, count=total)
        return {
            "page": page,
            "page_range": page_range,
            "chart": decisions_chart(per_year, filters=request.GET) if per_year else None,
        }

    return render(
        request,
        "decisions/decision_list.html",
        {
            "filter": decision_filter,
            "filter_valid": check["valid"],
            "listing": SimpleLazyObject(listing),
            "chosen": check["chosen"],
            "active_filters": check["active"],
            # "Filtrera" stays folded when its filters are in use, so that the results come
            # first on a phone too; it says how many are chosen (the list above the results
            # names them, each with its own remove link). An error opens it.
            "filters_chosen": sum(
                bool(request.GET.get(name)) for name in DecisionFilter.Meta.fields if name != "q"
            ),
            "query": request.GET.get("q", "").strip(),
            # The filters and the list as rendered, kept for readers ({% kept %}); the page
            # number as asked (Paginator.get_page reads it the same way every time).
            "kept_key": key_for(request, "decision-list", params, request.GET.get("page", "")),
        },
    )


@reader_required
def person_suggestions(request):
    """/beslut/personer.json?q=ebb: up to SUGGESTIONS people the user may see who attended a
    meeting the user may see (never someone known only from a draft, for a member), whose name
    holds every word typed; names that begin with it first. One query. Feeds the <datalist> of
    /beslut/'s person filter (static/js/person-suggest.js)."""
    text = request.GET.get("q", "").strip()[:NAME_MAX_LENGTH]
    if not text:
        return JsonResponse({"results": []})
    people = (
        people_named(people_present(request.user), text)
        .annotate(
            rank=Case(
                When(full_name__istartswith=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "full_name", "pk")
        .values_list("pk", "full_name")[:SUGGESTIONS]
    )
    return JsonResponse({"results": [{"id": pk, "name": name} for pk, name in people]})


@reader_required
@kept_page("decision")
def decision_detail(request, slug):
    decision = get_object_or_404(
        Decision.objects.visible_to(request.user).for_page(request.user), slug=slug
    )
    item = decision.item
    present = list(
        Attendance.objects.present_for(item)
        .select_related("person", "organisation")
        .order_by("group", "position", "pk")
    )
    municipalities = list(Organisation.objects.visible_to(request.user).municipalities())
    represented, not_represented = municipalities_represented(municipalities, present)
    earlier, later = same_matter(decision, request.user)
    return TemplateResponse(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "item": item,
            # Paragraphs and lists, as on the meeting page, less the decisions' own wording:
            # this one is shown above, the item's others under "Fler beslut under punkten".
            "discussion": [
                block
                for block in body_blocks(item.body, list(item.decisions.all()))
                if block.kind != "decision"
            ],
            "meeting": item.day.meeting,
            "absolute_url": request.build_absolute_uri(decision.get_absolute_url()),
            "present_groups": present_groups(present),
            "present_count": len(present),
            "represented": represented,
            "not_represented": not_represented,
            "municipality_count": len(municipalities),
            "siblings": [d for d in item.decisions.all() if d.pk != decision.pk],
            "earlier": earlier,
            "later": later,
            "replaces": decision.replaces,
            "actions": decision_actions(decision),
            "appointments": list(decision.appointments.all()),
        },
    )


@reader_required
@kept_page("actions")
def action_list(request):
    today = timezone.localdate()
    visible = Action.objects.visible_to(request.user)
    action_filter = ActionFilter(
        request.GET or None, queryset=visible.for_register(today), request=request, today=today
    )
    actions = action_filter.qs if is_usable(action_filter) else visible.none()
    page, page_range = paginate(request, actions)
    return TemplateResponse(
        request,
        "decisions/action_list.html",
        {
            "filter": action_filter,
            "page": page,
            "page_range": page_range,
            "actions": page.object_list,
            "active_filters": active_filters(action_filter, request.path),
            "today": today,
        },
    )


def is_usable(filterset) -> bool:
    """No filter given, or every given value valid."""
    return not filterset.is_bound or filterset.is_valid()


def paginate(request, queryset, count: int | None = None, per_page: int = PAGE_SIZE):
    """GOV.UK pagination: per_page a page; a page number past the last shows the last page,
    one that is not a number the first (Paginator.get_page). count, when known, saves the
    COUNT query. Shown with templates/decisions/_pagination.html."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page, page_range


KIND_SERIES = [
    (Decision.Kind.BESLUT.value, Decision.Kind.BESLUT.label),
    (Decision.Kind.STALLNINGSTAGANDE.value, Decision.Kind.STALLNINGSTAGANDE.label),
    (Decision.Kind.INRIKTNINGSBESLUT.value, Decision.Kind.INRIKTNINGSBESLUT.label),
]


def decisions_chart(per_year: dict[int, dict[str, int]], *, filters=None):
    """Decisions per year and kind; years without decisions between the first and the last are
    drawn as empty bars so that the time axis does not lie. Each part of a bar links to the list
    filtered to its year and kind, within the filters already chosen (filters: request.GET)."""
    first, last = min(per_year), max(per_year)
    rows = [(str(year), per_year.get(year, {})) for year in range(first, last + 1)]
    kept = {
        key: value
        for key, value in (filters or {}).items()
        if key not in ("year", "kind", "page") and value
    }

    def link(year: str, kind: str) -> str:
        query = urlencode({**kept, "year": year, "kind": kind})
        return f"{reverse('decisions:decision_list')}?{query}"

    return stacked_bars(
        rows,
        series=KIND_SERIES,
        title=str(_("Beslut per år och typ")),
        axis_label=str(_("Antal beslut")),
        link=link,
    )


def present_groups(attendances):
    """[(group label, [attendance])] in the order Nätverket, Göteborgsregionen, Gäster."""
    labels = dict(Attendance.Group.choices)
    groups = {value: [] for value in Attendance.Group.values}
    for attendance in attendances:
        groups.setdefault(attendance.group, []).append(attendance)
    return [(labels.get(key, key), people) for key, people in groups.items() if people]


def same_matter(decision, user):
    """(earlier, later) visible decisions on the decision's matter, oldest first."""
    if decision.item.matter_id is None:
        return [], []
    others = (
        Decision.objects.visible_to(user)
        .for_list()
        .filter(item__matter_id=decision.item.matter_id)
        .exclude(pk=decision.pk)
        .order_by("taken_on", "item__number", "position")
    )
    key = (decision.item.day.date, decision.item.number, decision.position)
    earlier, later = [], []
    for other in others:
        other_key = (other.item.day.date, other.item.number, other.position)
        (earlier if other_key < key else later).append(other)
    return earlier, later


def decision_actions(decision):
    """The decision's own actions, then the item's actions not tied to another decision; each
    marked not_followed_up by ActionQuerySet.with_follow_up (in DecisionQuerySet.for_page)."""
    own = list(decision.actions.all())
    seen = {action.pk for action in own}
    from_item = [
        action
        for action in decision.item.actions.all()
        if action.pk not in seen and action.decision_id in (None, decision.pk)
    ]
    return own + from_item
