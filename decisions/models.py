"""Decisions and positions taken, with stable citable references; follow-up actions."""

import datetime as dt
import string

from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from minutes.models import AgendaItem, Attendance, Meeting, PublishedProtected
from network.models import Appointment, Organisation, Person


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(item__day__meeting__status=Meeting.Status.PUBLISHED)

    def delete(self):
        """Refused when any of the decisions is published: its reference must stay citable."""
        published = list(self.published()[:10])
        if published:
            raise PublishedProtected(published)
        return super().delete()

    def visible_to(self, user):
        if user.is_authenticated and user.has_perm("minutes.change_meeting"):
            return self
        return self.published()

    def for_list(self):
        return self.select_related("item__day__meeting__network", "item__matter")

    def for_api(self):
        """/api/v1/decisions/: each decision with its meeting, the decisions it replaces and
        follows up (published ones only), who attended its day (Attendance.was_present_for
        picks those present for its item) and the appointments it made; fixed query count."""
        published = self.model.objects.published()
        return self.select_related("item__day__meeting__network", "item__matter").prefetch_related(
            models.Prefetch("replaces", queryset=published),
            models.Prefetch("follows_up", queryset=published.order_by("pk")),
            models.Prefetch(
                "item__day__attendances",
                queryset=Attendance.objects.select_related("person", "organisation")
                .prefetch_related(
                    models.Prefetch("items", queryset=AgendaItem.objects.order_by("number"))
                )
                .order_by("group", "position", "pk"),
            ),
            models.Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("person", "network").order_by(
                    "start_date", "pk"
                ),
            ),
        )

    def taken_in_presence_of(self, *, person=None, people=None, organisation=None):
        """Decisions taken while the person (any of people, a queryset; someone from the
        organisation) was present, by the rule of AttendanceQuerySet.present_for: not absent,
        and there the whole day or for items that include the decision's item. Written as two
        sets of item ids (the items of the days they were there all day, and the items named
        for those there part of it), which PostgreSQL hashes once and checks while it walks
        decisions newest first (Decision.taken_on)."""
        present = Attendance.objects.exclude(presence=Attendance.Presence.ABSENT)
        if person is not None:
            present = present.filter(person=person)
        if people is not None:
            present = present.filter(person__in=people)
        if organisation is not None:
            present = present.filter(organisation=organisation)
        whole_days = present.filter(items__isnull=True).values("day_id")
        return self.filter(
            models.Q(item__in=AgendaItem.objects.filter(day__in=whole_days).values("pk"))
            | models.Q(item__in=present.filter(items__isnull=False).values("items"))
        )

    def per_year_and_kind(self) -> dict[int, dict[str, int]]:
        """{year: {kind: count}} in one aggregate query (the chart above /beslut/)."""
        rows = (
            self.order_by()
            .annotate(year=ExtractYear("taken_on"))
            .values("year", "kind")
            .annotate(count=models.Count("pk"))
            .order_by("year", "kind")
        )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row["year"], {})[row["kind"]] = row["count"]
        return counts

    def for_page(self, user):
        """/beslut/<slug>/: the decision with everything around it, related decisions limited to
        what user may see, in a fixed number of queries; actions marked not_followed_up."""
        today = timezone.localdate()
        related = self.model.objects.visible_to(user).select_related("item__day__meeting__network")
        return self.select_related("item__day__meeting__network", "item__matter").prefetch_related(
            # A forward key prefetched through a filtered queryset is None when not visible.
            models.Prefetch("replaces", queryset=related),
            models.Prefetch("follows_up", queryset=related),
            models.Prefetch("followed_up_by", queryset=related),
            models.Prefetch("replaced_by", queryset=related),
            models.Prefetch(
                "item__decisions", queryset=self.model.objects.order_by("position", "pk")
            ),
            models.Prefetch(
                "actions",
                queryset=Action.objects.visible_to(user)
                .with_follow_up(today)
                .select_related(
                    "item__day__meeting__network", "responsible_person", "responsible_organisation"
                ),
            ),
            models.Prefetch(
                "item__actions",
                queryset=Action.objects.with_follow_up(today).select_related(
                    "responsible_person", "responsible_organisation", "decision"
                ),
            ),
            models.Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("person", "network").order_by(
                    "start_date", "pk"
                ),
            ),
        )


class Decision(models.Model):
    class Kind(models.TextChoices):
        BESLUT = "beslut", pgettext_lazy("typ av beslut", "Beslut")
        STALLNINGSTAGANDE = "ställningstagande", _("Ställningstagande")
        INRIKTNINGSBESLUT = "inriktningsbeslut", _("Inriktningsbeslut")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("punkt")
    )
    position = models.PositiveSmallIntegerField(_("ordning i punkten"), default=1)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices, default=Kind.BESLUT)
    label = models.CharField(
        _("etikett"), max_length=200, blank=True, help_text=_("Till exempel ”Nära Vård”.")
    )
    text = models.TextField(_("lydelse"))
    reference = models.CharField(
        _("beteckning"),
        max_length=200,
        unique=True,
        editable=False,
        help_text=_("Till exempel ”Socialchefsnätverket 2024-11-08 §4”. Ändras aldrig."),
    )
    slug = models.SlugField(_("adress"), max_length=200, unique=True, editable=False)
    follows_up = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="followed_up_by",
        verbose_name=_("följer upp"),
    )
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("ersätter"),
    )
    # The date of the item's day, kept here (by save, and by MeetingDay and AgendaItem when a
    # day's date or an item's day changes) so that /beslut/ can walk decisions newest first on
    # one index: ordering through item and day made PostgreSQL join every decision before
    # taking the first page (hundreds of milliseconds at 100 000 decisions with any filter).
    taken_on = models.DateField(_("beslutsdag"), editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["created_at", "taken_on"], m2m_fields=["follows_up"]
    )

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = pgettext_lazy("flera", "beslut")
        ordering = ["-taken_on", "item__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "position"], name="decisions_decision_unique_position"
            ),
        ]
        indexes = [models.Index(fields=["-taken_on", "id"], name="decisions_taken_on")]

    def __str__(self):
        return self.reference or f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.taken_on = self.item_date()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "taken_on"}
        # The reference is derived once, from the item it was taken under, and then never changes.
        if not self.reference:
            self.reference = self.make_reference(self.item, self.position)
            self.slug = slugify(self.reference.replace("§", ""))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("decisions:decision", args=[self.slug])

    def item_date(self):
        """The date of the item's day, from the loaded item and day when they are loaded."""
        item_field, day_field = self._meta.get_field("item"), AgendaItem._meta.get_field("day")
        if item_field.is_cached(self) and day_field.is_cached(self.item):
            return self.item.day.date
        return AgendaItem.objects.filter(pk=self.item_id).values_list("day__date", flat=True).get()

    def delete(self, *args, **kwargs):
        if Decision.objects.filter(pk=self.pk).published().exists():
            raise PublishedProtected([self])
        return super().delete(*args, **kwargs)

    @staticmethod
    def make_reference(item: AgendaItem, position: int) -> str:
        """ "Socialchefsnätverket 2024-11-08 §4"; "§5b" for the second decision under §5."""
        day = item.day
        suffix = "" if position <= 1 else string.ascii_lowercase[(position - 1) % 26]
        return f"{day.meeting.network.name} {day.date:%Y-%m-%d} §{item.number}{suffix}"


def a_year_before(day: dt.date) -> dt.date:
    """The same date a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def not_followed_up_condition(today: dt.date) -> models.Q:
    """The one rule for an action nobody has followed up: open, and either past its due date,
    or without a due date and recorded more than a year ago (by its meeting day's date)."""
    return models.Q(status=Action.Status.OPEN) & (
        models.Q(due_date__lt=today)
        | models.Q(due_date__isnull=True, item__day__date__lt=a_year_before(today))
    )


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Actions recorded in meetings the user may see (drafts for editors only)."""
        return self.filter(item__day__meeting__in=Meeting.objects.visible_to(user))

    def not_followed_up(self, today):
        """Open actions past their due date, or over a year old without one
        (not_followed_up_condition)."""
        return self.filter(not_followed_up_condition(today))

    def with_follow_up(self, today):
        """Each action marked not_followed_up (True or False) by not_followed_up_condition:
        what the rows show as "Ej följd upp" instead of "Pågår"."""
        return self.annotate(
            not_followed_up=models.Case(
                models.When(not_followed_up_condition(today), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def for_register(self, today):
        """/atgarder/: not followed up first, then open, then done and cancelled; each marked
        not_followed_up (with_follow_up), with what the row shows, in one query."""
        return (
            self.select_related(
                "item__day__meeting__network",
                "decision",
                "responsible_person",
                "responsible_organisation",
            )
            .with_follow_up(today)
            .annotate(
                urgency=models.Case(
                    models.When(not_followed_up_condition(today), then=0),
                    models.When(status=Action.Status.OPEN, then=1),
                    default=2,
                    output_field=models.IntegerField(),
                ),
            )
            .order_by(
                "urgency",
                models.F("due_date").asc(nulls_last=True),
                "-item__day__date",
                "item__number",
                "pk",
            )
        )

    def for_follow_up(self, today):
        """The planning lead's list of actions not followed up in approved minutes (drafts are
        followed up in the draft): the oldest due first, then the oldest meeting."""
        return (
            self.published()
            .not_followed_up(today)
            .select_related(
                "item__day__meeting__network", "responsible_person", "responsible_organisation"
            )
            .order_by(models.F("due_date").asc(nulls_first=True), "item__day__date", "pk")
        )

    def responsible_unresolved(self):
        """Actions whose responsible is written ("Yvonne") but linked to no person or
        organisation, and not yet settled by a planning lead."""
        return self.filter(
            responsible_person__isnull=True,
            responsible_organisation__isnull=True,
            responsible_resolved=False,
        ).exclude(responsible_as_written="")

    def open_for_follow_up(self, meeting):
        """Open actions from the network's earlier meetings, to follow up at this one; each
        marked not_followed_up (with_follow_up)."""
        return (
            self.filter(
                status=Action.Status.OPEN,
                item__day__meeting__network_id=meeting.network_id,
                item__day__meeting__start_date__lt=meeting.start_date,
            )
            .select_related("item__day__meeting", "responsible_person", "responsible_organisation")
            .with_follow_up(timezone.localdate())
            .order_by(models.F("due_date").asc(nulls_last=True), "item__day__date", "pk")
        )

    def overdue(self, today):
        """Open and past the due date (the API's status=overdue; a part of not_followed_up)."""
        return self.filter(status=Action.Status.OPEN, due_date__lt=today)

    def published(self):
        return self.filter(item__day__meeting__status=Meeting.Status.PUBLISHED)

    def for_api(self):
        """/api/v1/actions/: each action with its meeting, decision (and the decision's
        meeting, to leave out one in a draft) and who is responsible."""
        return self.select_related(
            "item__day__meeting__network",
            "decision__item__day__meeting",
            "responsible_person",
            "responsible_organisation",
        )


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        DONE = "done", _("Klar")
        CANCELLED = "cancelled", _("Utgår")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("punkt")
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("beslut"),
    )
    text = models.TextField(_("åtgärd"))
    responsible_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("ansvarig person"),
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("ansvarig organisation"),
    )
    responsible_as_written = models.CharField(_("ansvarig som skriven"), max_length=200, blank=True)
    responsible_resolved = models.BooleanField(
        _("ansvarig avgjord"),
        default=False,
        help_text=_(
            "En planeringsledare har valt vem den skrivna ansvariga är (eller ingen); "
            "listas inte längre som att avgöra."
        ),
    )
    due_date = models.DateField(_("senast"), null=True, blank=True)
    due_text = models.CharField(
        _("när"), max_length=200, blank=True, help_text=_("Till exempel ”till nästa möte”.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        # Open actions first, then by due date.
        ordering = [
            models.Case(models.When(status="open", then=0), default=1),
            models.F("due_date").asc(nulls_last=True),
            "pk",
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.item.get_absolute_url()
