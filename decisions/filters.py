"""The registry's filters (GOV.UK "filter" pattern): /beslut/ and /atgarder/, GET only.

Choices that name people, organisations or matters come from what the user may see, so a
member's form never lists someone or something that so far comes only from a draft. A value
that is not a choice (year=abc, kind=xyz) makes the form invalid: the views then show the error
and an empty result rather than ignoring the filter.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minutes.models import AgendaItem, Attendance, Matter, Meeting
from network.models import Network, Organisation, Person
from search.queries import (
    DECISION_VECTOR,
    ITEM_VECTOR,
    MAX_QUERY_LENGTH,
    ParsedQuery,
    every_term,
    parse_query,
    tsquery,
    uses_full_text,
    validate_query,
    vector,
)

from .models import Action, Decision


def _networks(request):
    meetings = Meeting.objects.visible_to(request.user).filter(network=OuterRef("pk"))
    return Network.objects.filter(Exists(meetings))


def people_present(user) -> QuerySet:
    """People the user may see who attended a meeting the user may see (a semi-join: no
    DISTINCT over every attendance): never a person known only from a draft, for a member."""
    attended = Attendance.objects.filter(
        person=OuterRef("pk"), day__meeting__in=Meeting.objects.visible_to(user)
    )
    return Person.objects.visible_to(user).filter(Exists(attended))


NAME_MAX_LENGTH = 100


def people_named(people: QuerySet, text: str) -> QuerySet:
    """The people whose name holds every word of text ("ebba", "gier ebba"), case aside (on
    SQLite, whose LIKE folds only ASCII, "örjan" also as "Örjan")."""
    for word in text.split():
        people = people.filter(
            Q(full_name__icontains=word) | Q(full_name__contains=word[:1].upper() + word[1:])
        )
    return people


@dataclass(frozen=True)
class PeopleNamed:
    """The person filter's value: the people a typed name (or an id) stands for."""

    label: str
    people: QuerySet

    def __str__(self):
        return self.label


class PersonNameField(forms.CharField):
    """A name typed (or chosen among the suggestions): the people of that exact name, else the
    people whose name holds every word; an id (older links) for that one person."""

    def __init__(self, *, people=None, **kwargs):
        self.people = people
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value.isdigit():
            person = self.people.filter(pk=value).first()
            if person is None:
                raise ValidationError(_("Personen finns inte i registret."), code="invalid_choice")
            return PeopleNamed(person.full_name, self.people.filter(pk=person.pk))
        exact = self.people.filter(full_name__iexact=value)
        if exact.exists():
            return PeopleNamed(value, exact)
        named = people_named(self.people, value)
        if not named.exists():
            raise ValidationError(
                _("Ingen som varit med på ett möte heter ”%(name)s”. Kontrollera stavningen."),
                code="invalid_choice",
                params={"name": value},
            )
        return PeopleNamed(value, named)


class PersonNameFilter(django_filters.Filter):
    field_class = PersonNameField


class PersonInput(forms.TextInput):
    """A text box with an empty <datalist> that static/js/person-suggest.js fills from
    decisions:person_suggestions as the user types; without JavaScript a plain text box."""

    template_name = "decisions/widgets/person_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            {
                "list": "personer-forslag",
                "autocomplete": "off",
                "maxlength": NAME_MAX_LENGTH,
                **(attrs or {}),
            }
        )


def _matters(request):
    return Matter.objects.visible_to(request.user)


def _municipalities(request):
    return Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.MUNICIPALITY)


def _responsible_people(request):
    """People responsible for an action the user may see (a semi-join, no DISTINCT)."""
    actions = Action.objects.visible_to(request.user).filter(responsible_person=OuterRef("pk"))
    return Person.objects.filter(Exists(actions))


def _responsible_organisations(request):
    actions = Action.objects.visible_to(request.user).filter(
        responsible_organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(actions))


def single(term: str) -> ParsedQuery:
    return ParsedQuery(text=term, terms=(term,))


class DecisionFilter(django_filters.FilterSet):
    """/beslut/?network=&year=&kind=&matter=&municipality=&person=&q="""

    # The limits and messages of the search box on /sok/ (validate_query), not Django's own.
    q = django_filters.CharFilter(
        label=_("Sök i beslutstexten"),
        method="filter_text",
        strip=True,
        validators=[validate_query],
        widget=forms.TextInput(attrs={"maxlength": MAX_QUERY_LENGTH}),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Nätverk"),
        field_name="item__day__meeting__network",
        queryset=_networks,
        to_field_name="slug",
        empty_label=_("Alla nätverk"),
    )
    year = django_filters.ChoiceFilter(
        label=_("År"), field_name="taken_on", lookup_expr="year", empty_label=_("Alla år")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ"), choices=Decision.Kind.choices, empty_label=_("Alla typer")
    )
    matter = django_filters.ModelChoiceFilter(
        label=_("Ärende"),
        field_name="item__matter",
        queryset=_matters,
        empty_label=_("Alla ärenden"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommun som var representerad"),
        queryset=_municipalities,
        method="filter_municipality",
        empty_label=_("Alla kommuner"),
    )
    person = PersonNameFilter(
        label=_("Person som var närvarande"),
        method="filter_person",
        help_text=_("Skriv ett namn; förslag visas medan du skriver."),
        strip=True,
        max_length=NAME_MAX_LENGTH,
    )

    class Meta:
        model = Decision
        fields = ["q", "network", "year", "kind", "matter", "municipality", "person"]

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        user = getattr(self.request, "user", None) or AnonymousUser()
        self.filters["person"].extra.update(
            people=people_present(user),
            widget=PersonInput({"data-suggest-url": reverse("decisions:person_suggestions")}),
        )

    def filter_text(self, queryset, name, value):
        """Every word in the decision's wording or label or in its item's title or discussion
        ("socialtjänstlag yttrande" finds the statement on the item "Ny socialtjänstlag"). On
        PostgreSQL each word by the full-text rule and GIN indexes of /sok/ ("besluten" finds
        "beslut"); elsewhere as a substring."""
        if not value:
            return queryset
        query = parse_query(value)
        if not query.is_searchable:
            return queryset.none()
        if not uses_full_text():
            return queryset.filter(every_term(query, "text", "label", "item__title", "item__body"))
        # Quotes, "or" and "-word" keep their meaning only as one query over each text.
        # Stop words are left out: alone, "och" is an empty query that matches nothing.
        units = [query] if query.uses_web_syntax else [single(term) for term in query.words]
        for unit in units:
            ts = tsquery(unit)
            decisions = Decision.objects.annotate(document=vector(*DECISION_VECTOR))
            items = AgendaItem.objects.annotate(document=vector(*ITEM_VECTOR))
            queryset = queryset.filter(
                Q(pk__in=decisions.filter(document=ts).values("pk"))
                | Q(item__in=items.filter(document=ts).values("pk"))
            )
        return queryset

    def filter_municipality(self, queryset, name, value):
        return queryset.taken_in_presence_of(organisation=value) if value else queryset

    def filter_person(self, queryset, name, value):
        return queryset.taken_in_presence_of(people=value.people) if value else queryset


class ActionFilter(django_filters.FilterSet):
    """/atgarder/?status=&person=&organisation=&network="""

    NOT_FOLLOWED_UP = "not_followed_up"
    OVERDUE = "overdue"

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (NOT_FOLLOWED_UP, _("Ej följd upp")),
            (OVERDUE, _("Försenad (senast-datum passerat)")),
            *Action.Status.choices,
        ],
        method="filter_status",
        empty_label=_("Alla"),
    )
    person = django_filters.ModelChoiceFilter(
        label=_("Ansvarig person"),
        field_name="responsible_person",
        queryset=_responsible_people,
        empty_label=_("Alla personer"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Ansvarig organisation"),
        field_name="responsible_organisation",
        queryset=_responsible_organisations,
        empty_label=_("Alla organisationer"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Nätverk"),
        field_name="item__day__meeting__network",
        queryset=_networks,
        to_field_name="slug",
        empty_label=_("Alla nätverk"),
    )

    class Meta:
        model = Action
        fields = ["status", "person", "organisation", "network"]

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_status(self, queryset, name, value):
        if value == self.NOT_FOLLOWED_UP:
            return queryset.not_followed_up(self.today)
        if value == self.OVERDUE:
            return queryset.overdue(self.today)
        return queryset.filter(status=value) if value else queryset


@dataclass
class ActiveFilter:
    """One applied filter in the summary above the results, with a link that removes it."""

    label: str
    value: str
    remove_url: str


def active_filters(filterset, path: str) -> list[ActiveFilter]:
    """The valid, non-empty filters of a bound filterset, each with the address of the same list
    without that filter (and back on the first page)."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    form = filterset.form
    active = []
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = form[name]
        if hasattr(field.field, "choices") and not hasattr(value, "pk"):
            shown = str(dict(field.field.choices).get(value, value))
        elif name == "q":
            shown = f"”{value}”"
        else:
            shown = str(value)
        params = filterset.data.copy()
        params.pop(name, None)
        params.pop("page", None)
        query = params.urlencode()
        active.append(ActiveFilter(str(field.label), shown, path + (f"?{query}" if query else "")))
    return active
