"""Meetings, their days, who was there, and the numbered items."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from network.models import DraftOnlyQuerySet, Network, Organisation, Person, draft_meeting_field

from .access import sees_drafts
from .links import UNSAFE_URL_MESSAGE, safe_url

# Minutes without a heading of their own are titled this (stored in Swedish, shown translated).
DEFAULT_TITLE = "Anteckningar"


class PublishedProtected(ProtectedError):
    """Published minutes are kept: a published meeting or decision is never deleted (reopen the
    meeting first; removing personal data is a separate, audited operation)."""

    def __init__(self, protected_objects):
        super().__init__(
            "Justerade möten och beslut tas inte bort; öppna mötet igen först.", protected_objects
        )


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def delete(self):
        """Refused when any of the meetings is published (the admin's bulk delete included)."""
        published = list(self.published()[:10])
        if published:
            raise PublishedProtected(published)
        return super().delete()

    def visible_to(self, user):
        """Drafts are for editors only."""
        return self if sees_drafts(user) else self.published()

    def for_list(self):
        """The home page and /moten/: each meeting with its days and decisions."""
        return self.select_related("network").prefetch_related("days__items__decisions")

    def for_minutes(self):
        """/moten/<id>/: the whole minutes, day by day, in a fixed number of queries."""
        return self.select_related("network").prefetch_related(
            "recorders",
            models.Prefetch(
                "days__attendances",
                queryset=Attendance.objects.select_related("person", "organisation")
                .prefetch_related("items")
                .order_by("group", "position", "pk"),
            ),
            models.Prefetch(
                "days__items",
                queryset=AgendaItem.objects.select_related(
                    "matter", "tabled_from__day"
                ).prefetch_related(
                    "presenters",
                    "attachments",
                    "decisions",
                    models.Prefetch(
                        "actions",
                        # decisions.Action refers to this module, so it is looked up, not imported.
                        queryset=apps.get_model("decisions", "Action").objects.select_related(
                            "responsible_person", "responsible_organisation"
                        ),
                    ),
                ),
            ),
        )

    def drafts(self):
        return self.filter(status=Meeting.Status.DRAFT)

    def for_editing(self):
        """/redigera/: the meetings with their network, newest first."""
        return self.select_related("network").order_by("-start_date", "network__name")

    def years(self):
        """The years meetings started in, newest first (for the year filter)."""
        return [day.year for day in self.dates("start_date", "year", order="DESC")]

    def for_api(self):
        """/api/v1/meetings/: each meeting with its days, who attended (and for which items),
        the items with their presenters and decisions, in a fixed number of queries. Each
        prefetch is ordered on its own table (the models' orderings go through joins)."""
        return self.select_related("network").prefetch_related(
            "recorders",
            models.Prefetch("days", queryset=MeetingDay.objects.order_by("date")),
            models.Prefetch(
                "days__attendances",
                queryset=Attendance.objects.select_related("person", "organisation")
                .prefetch_related(
                    models.Prefetch("items", queryset=AgendaItem.objects.order_by("number"))
                )
                .order_by("group", "position", "pk"),
            ),
            models.Prefetch(
                "days__items",
                queryset=AgendaItem.objects.select_related("matter")
                .order_by("number")
                .prefetch_related(
                    "presenters",
                    models.Prefetch(
                        "decisions",
                        queryset=apps.get_model("decisions", "Decision").objects.order_by(
                            "position", "pk"
                        ),
                    ),
                ),
            ),
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Justerad")

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("nätverk")
    )
    start_date = models.DateField(
        _("första dag"), help_text=_("Mötets första dag; följer dagarna när de ändras.")
    )
    title = models.CharField(_("rubrik"), max_length=200, default=DEFAULT_TITLE)
    theme = models.CharField(_("tema"), max_length=300, blank=True)
    location = models.CharField(_("plats"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    recorders = models.ManyToManyField(
        Person, blank=True, related_name="recorded_meetings", verbose_name=_("antecknat av")
    )
    source_filename = models.CharField(_("importerad från fil"), max_length=300, blank=True)
    source_sha256 = models.CharField(_("filens kontrollsumma"), max_length=64, blank=True)
    source_text = models.TextField(_("importerad text"), blank=True)
    date_note = models.CharField(
        _("om datumet"),
        max_length=500,
        blank=True,
        help_text=_("Hur datumet fastställdes när texten saknade det."),
    )
    published_at = models.DateTimeField(_("justerad"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Ökar vid varje ändring i mötet; en justering av en äldre version vägras."),
    )
    details_version = models.PositiveIntegerField(
        _("mötesuppgifternas version"),
        default=1,
        editable=False,
        help_text=_("Ökar när mötesuppgifterna sparas; en sparning från en äldre sida vägras."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["source_text", "updated_at", "details_version"],
        m2m_fields=["recorders"],
    )

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["-start_date", "network"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "start_date"], name="minutes_meeting_unique_network_start"
            ),
        ]

    def __str__(self):
        return f"{self.network} {self.start_date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or "status" in fields:
            self._stored_status = self.status

    def get_absolute_url(self):
        return reverse("minutes:meeting", args=[self.pk])

    # The status as stored (read with the row, or last saved: save above), beside the one in
    # memory: a save that leaves a draft a draft changes nothing readers see (minutes/caching.py).
    @classmethod
    def from_db(cls, db, field_names, values):
        meeting = super().from_db(db, field_names, values)
        meeting._stored_status = meeting.__dict__.get("status")
        return meeting

    @property
    def display_title(self) -> str:
        """The title in the reader's language when it is the stored default."""
        return str(_("Anteckningar")) if self.title == DEFAULT_TITLE else self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def delete(self, *args, **kwargs):
        # The stored status decides, not this instance's (it may have been changed in memory).
        if Meeting.objects.filter(pk=self.pk).published().exists():
            raise PublishedProtected([self])
        return super().delete(*args, **kwargs)

    def previous(self) -> "Meeting | None":
        """The network's meeting before this one (draft or published)."""
        return (
            Meeting.objects.filter(network_id=self.network_id, start_date__lt=self.start_date)
            .order_by("-start_date")
            .first()
        )

    def tabled_items_offered(self):
        """Items tabled ("bordlagd") at the network's earlier meetings and not yet taken up."""
        return (
            AgendaItem.objects.filter(
                day__meeting__network_id=self.network_id,
                day__meeting__start_date__lt=self.start_date,
                outcome=AgendaItem.Outcome.TABLED,
                taken_up_in__isnull=True,
            )
            .select_related("day__meeting")
            .order_by("day__date", "number")
        )

    def sync_start_date(self) -> None:
        """Keep start_date equal to the first day's date after the days have changed."""
        first = self.days.order_by("date").values_list("date", flat=True).first()
        if first is not None and first != self.start_date:
            self.start_date = first
            self.save(update_fields=["start_date"])


class MeetingDay(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="days", verbose_name=_("möte")
    )
    date = models.DateField(_("datum"))
    heading = models.CharField(_("rubrik som skriven"), max_length=200, blank=True)
    attendance_version = models.PositiveIntegerField(
        _("närvarons version"),
        default=1,
        editable=False,
        help_text=_("Ökar när dagens närvaro sparas; en sparning från en äldre sida vägras."),
    )
    history = HistoricalRecords(excluded_fields=["attendance_version"])

    class Meta:
        verbose_name = _("mötesdag")
        verbose_name_plural = _("mötesdagar")
        ordering = ["meeting", "date"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date"], name="minutes_day_unique_date"),
        ]
        # Days newest first (meeting lists, calendars) without sorting them all; /beslut/ walks
        # decisions on their own copy of the date (Decision.taken_on).
        indexes = [models.Index(fields=["date"], name="minutes_day_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A date changed: the day's decisions keep it for ordering (Decision.taken_on).
        if getattr(self, "_loaded_date", self.date) != self.date:
            decisions = apps.get_model("decisions", "Decision").objects.filter(item__day=self)
            decisions.update(taken_on=self.date)
        self._loaded_date = self.date

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + f"#dag-{self.date:%Y-%m-%d}"

    @classmethod
    def from_db(cls, db, field_names, values):
        day = super().from_db(db, field_names, values)
        day._loaded_date = day.__dict__.get("date")
        return day


class Matter(models.Model):
    """One question followed over several meetings (the health-care agreement...)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="matters", verbose_name=_("nätverk")
    )
    title = models.CharField(_("ärende"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    draft_meeting = draft_meeting_field(
        _(
            "Utkastet som skapade ärendet. Bara planeringsledare ser det tills ett möte där det "
            "förekommer justeras; kasseras utkastet tas ärendet bort om inget annat använder det."
        )
    )

    objects = DraftOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "title"], name="minutes_matter_unique_title"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("decisions:decision_list") + f"?matter={self.pk}"


class AgendaItem(models.Model):
    class Outcome(models.TextChoices):
        NONE = "", _("—")
        TABLED = "tabled", _("Bordlagd")

    day = models.ForeignKey(
        MeetingDay, on_delete=models.CASCADE, related_name="items", verbose_name=_("dag")
    )
    number = models.PositiveSmallIntegerField(_("punkt"))
    title = models.CharField(_("rubrik"), max_length=500)
    body = models.TextField(_("anteckningar"), blank=True)
    presenters = models.ManyToManyField(
        Person, blank=True, related_name="presented_items", verbose_name=_("föredragande")
    )
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.NONE, blank=True
    )
    matter = models.ForeignKey(
        Matter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("ärende"),
    )
    tabled_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="taken_up_in",
        verbose_name=_("bordlagd från"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Ökar när punkten, dess beslut eller åtgärder sparas; en sparning från en äldre "
            "sida vägras."
        ),
    )
    history = HistoricalRecords(m2m_fields=["presenters"], excluded_fields=["version"])

    class Meta:
        verbose_name = _("punkt")
        verbose_name_plural = _("punkter")
        ordering = ["day", "number"]
        constraints = [
            models.UniqueConstraint(fields=["day", "number"], name="minutes_item_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="minutes_item_number_positive"
            ),
        ]

    def __str__(self):
        return f"§{self.number} {self.title}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Moved to another day: its decisions take that day's date (Decision.taken_on).
        if getattr(self, "_loaded_day_id", self.day_id) != self.day_id:
            date = MeetingDay.objects.filter(pk=self.day_id).values("date")
            decisions = apps.get_model("decisions", "Decision").objects.filter(item=self)
            decisions.update(taken_on=models.Subquery(date))
        self._loaded_day_id = self.day_id

    def get_absolute_url(self):
        return (
            self.day.meeting.get_absolute_url() + f"#punkt-{self.day.date:%Y-%m-%d}-{self.number}"
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        item._loaded_day_id = item.__dict__.get("day_id")
        return item

    @property
    def is_tabled(self) -> bool:
        return self.outcome == self.Outcome.TABLED


class AttendanceQuerySet(models.QuerySet):
    def present_for(self, item: "AgendaItem"):
        """Who was there when item was dealt with: not absent, and either present the whole day
        or present for items that include this one ("punkt 4-8" was not there for item 2).
        "Del av mötet" without item numbers counts as present, its note shown beside the name."""
        return (
            self.filter(day_id=item.day_id)
            .exclude(presence=Attendance.Presence.ABSENT)
            .filter(models.Q(items__isnull=True) | models.Q(items=item))
            .distinct()
        )

    def at_meetings(self, meetings):
        """Attendances at the given meetings (for example Meeting.objects.visible_to(user))."""
        return self.filter(day__meeting__in=meetings)

    def for_record(self):
        """A person's or organisation's attendance record, newest day first."""
        return self.select_related("day__meeting__network", "organisation", "person").order_by(
            "-day__date", "day__meeting__network__name", "pk"
        )


class Attendance(models.Model):
    class Group(models.TextChoices):
        NETWORK = "network", _("Nätverket")
        REGIONAL = "gr", _("Göteborgsregionen")
        GUEST = "guest", _("Gäster")

    class Presence(models.TextChoices):
        PRESENT = "present", _("Närvarande")
        PARTIAL = "partial", _("Del av mötet")
        ABSENT = "absent", _("Förhinder")

    day = models.ForeignKey(
        MeetingDay, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("dag")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("organisation den dagen"),
    )
    organisation_as_written = models.CharField(
        _("organisation som skriven"), max_length=200, blank=True
    )
    group = models.CharField(
        _("grupp"), max_length=20, choices=Group.choices, default=Group.NETWORK
    )
    presence = models.CharField(
        _("närvaro"), max_length=20, choices=Presence.choices, default=Presence.PRESENT
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    remote = models.BooleanField(_("deltog på distans"), default=False)
    items = models.ManyToManyField(
        AgendaItem,
        blank=True,
        related_name="partial_attendances",
        verbose_name=_("närvarande vid punkterna"),
        help_text=_("Tomt betyder hela dagen (eller okänt vilka punkter vid ”del av mötet”)."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["items"])

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = pgettext_lazy("flera", "närvaro")
        ordering = ["day", "group", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "person"], name="minutes_attendance_unique_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.day})"

    def get_absolute_url(self):
        return self.day.get_absolute_url()

    def was_present_for(self, item: "AgendaItem") -> bool:
        """The rule of AttendanceQuerySet.present_for, on prefetched items."""
        if self.presence == self.Presence.ABSENT or self.day_id != item.day_id:
            return False
        named = self.items.all()
        return not named or item in named


class Attachment(models.Model):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("punkt")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    file = models.FileField(_("fil"), upload_to="attachments/%Y/", blank=True)
    url = models.URLField(_("länk"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["item", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="minutes_attachment_file_or_url",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.href or self.item.get_absolute_url()

    def clean(self):
        # Only http, https and mailto: the URL field alone would let ftp: through, and rows
        # made before the check may hold anything (minutes.links).
        if self.url and safe_url(self.url) is None:
            raise ValidationError({"url": ValidationError(UNSAFE_URL_MESSAGE, code="url_scheme")})

    @property
    def href(self) -> str | None:
        """Where the attachment's link goes, or None: a link refused by minutes.links is shown
        as text, never as an <a href>."""
        if self.file:
            # An uploaded file only through the download view, which applies the meeting's
            # rules (minutes.views.attachment_download).
            return reverse("minutes:attachment", args=[self.pk])
        return safe_url(self.url)


class PendingImportQuerySet(models.QuerySet):
    def for_task_list(self):
        """The planning leads' task page: who uploaded what, without the texts themselves."""
        return (
            self.select_related("network", "created_by")
            .defer("source_text", "parsed")
            .order_by("created_at", "pk")
        )


class PendingImport(models.Model):
    """An uploaded file waiting for its review: the text, and the parsed minutes as the planning
    lead has corrected them so far. Nothing of the meeting exists before the lead confirms; then
    the meeting is created and this record deleted in one transaction (discarding deletes it)."""

    class DateSource(models.TextChoices):
        TEXT = "text", _("Står i texten")
        SUGGESTED = "suggested", _("Förslag utifrån texten")
        CHOSEN = "chosen", _("Angivet vid granskningen")
        MISSING = "missing", _("Saknas")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="pending_imports", verbose_name=_("nätverk")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="pending_imports",
        verbose_name=_("uppladdad av"),
    )
    filename = models.CharField(_("fil"), max_length=300)
    source_text = models.TextField(_("text"))
    sha256 = models.CharField(_("textens kontrollsumma"), max_length=64)
    parsed = models.JSONField(_("tolkat och rättat"), default=dict)
    date_source = models.CharField(
        _("datumets ursprung"), max_length=20, choices=DateSource.choices
    )
    first_date = models.DateField(_("första dag"), null=True, blank=True)
    revision = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Ökar vid varje sparad rättelse; en sparning från en äldre sida vägras."),
    )
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast rättad"), auto_now=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import att granska")
        verbose_name_plural = _("importer att granska")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "sha256"], name="minutes_pendingimport_unique_text"
            ),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("importing:review", args=[self.pk])

    def store(self, parsed: dict, *, date_source: str | None = None) -> None:
        """Save the corrected minutes (and the first day's date, listed on the task page)."""
        self.parsed = parsed
        days = parsed.get("days") or []
        first = days[0].get("date") if days else None
        self.first_date = first or None
        if date_source:
            self.date_source = date_source
        if self.pk is None:
            self.save()
        else:
            self.revision += 1
            self.save(
                update_fields=["parsed", "first_date", "date_source", "revision", "updated_at"]
            )


class RegistryGeneration(models.Model):
    """One row whose number moves on with every change to the registry's records (minutes/
    caching.py): the key under which what readers see is kept between requests."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("registrets generation")
        verbose_name_plural = _("registrets generationer")

    def __str__(self):
        return str(self.value)
