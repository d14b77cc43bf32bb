"""Admin for the roster: organisations, people, networks, memberships and appointments."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from minutes.models import Attendance

from .models import (
    Appointment,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    Person,
    PersonName,
)
from .services import person_merge


class OrganisationNameInline(admin.TabularInline):
    model = OrganisationName
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "parent"]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "names__name"]
    autocomplete_fields = ["parent"]
    # Set by a draft and cleared by publishing it (minutes.services), never by hand.
    readonly_fields = ["draft_meeting"]
    inlines = [OrganisationNameInline]


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["network", "organisation", "role", "start_date", "end_date"]
    autocomplete_fields = ["network", "organisation"]

    def get_queryset(self, request):
        # Each row is headed by str(membership), which names all three.
        return super().get_queryset(request).select_related("person", "network", "organisation")


class PersonMergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Behåll"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("De andra markerade personerna tas bort när allt deras har flyttats hit."),
    )

    def __init__(self, *args, people: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = people
        self.fields["keep"].label_from_instance = self._label

    @staticmethod
    def _label(person: Person) -> str:
        details = ", ".join(part for part in (person.title, person.email) if part)
        return f"{person.full_name} ({details})" if details else person.full_name


def _people_for_merge(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """The selected people with a count of everything that would move when merged."""

    def count(relation):
        return Count(relation, distinct=True)

    return queryset.annotate(
        n_attendances=count("attendances"),
        n_memberships=count("memberships"),
        n_appointments=count("appointments"),
        n_actions=count("actions"),
        n_recorded=count("recorded_meetings"),
        n_presented=count("presented_items"),
        n_names=count("names"),
    ).order_by("-n_attendances", "pk")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "email", "current_organisation"]
    list_filter = ["memberships__network", "memberships__organisation"]
    search_fields = ["full_name", "names__name", "email"]
    # Set by a draft and cleared by publishing it (minutes.services), never by hand.
    readonly_fields = ["draft_meeting"]
    inlines = [PersonNameInline, MembershipInline]
    actions = ["merge_people"]

    def get_queryset(self, request):
        # The organisation of the latest open membership, in the same query as the person.
        current = (
            Membership.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
            .order_by("-start_date", "-pk")
            .values("organisation__short_name")[:1]
        )
        return super().get_queryset(request).annotate(current_organisation=Subquery(current))

    @admin.display(description=_("organisation nu"), ordering="current_organisation")
    def current_organisation(self, person: Person) -> str | None:
        return person.current_organisation

    @admin.action(description=_("Slå ihop markerade personer"), permissions=["change", "delete"])
    def merge_people(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(
                request, _("Markera minst två personer för att slå ihop dem."), messages.WARNING
            )
            return None
        people = _people_for_merge(queryset)
        if request.POST.get("post"):
            form = PersonMergeForm(request.POST, people=people)
            if form.is_valid():
                return self._merge(request, form.cleaned_data["keep"], people)
        else:
            form = PersonMergeForm(initial={"keep": people[0]}, people=people)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Slå ihop personer"),
            "opts": self.opts,
            "form": form,
            "people": people,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/network/person/merge_confirm.html", context)

    def _merge(self, request, keep: Person, people: QuerySet[Person]) -> None:
        duplicates = [person for person in people if person.pk != keep.pk]
        before = Attendance.objects.filter(person=keep).count()
        keep = person_merge(keep=keep, duplicates=duplicates)
        moved = Attendance.objects.filter(person=keep).count() - before
        self.message_user(
            request,
            _("Personerna slogs ihop till %(name)s: %(moved)d närvaro flyttades.")
            % {"name": keep.full_name, "moved": moved},
            messages.SUCCESS,
        )
        return None


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "network", "role", "start_date", "end_date"]
    list_select_related = ["person", "organisation", "network"]
    list_filter = ["network", "organisation", "role"]
    search_fields = ["person__full_name", "organisation__short_name"]
    autocomplete_fields = ["person", "organisation", "network"]
    date_hierarchy = "start_date"


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "body", "network", "start_date", "end_date", "decision"]
    list_select_related = ["person", "network", "decision"]
    list_filter = ["network"]
    search_fields = ["person__full_name", "body"]
    autocomplete_fields = ["person", "decision"]
