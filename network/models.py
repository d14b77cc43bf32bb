"""Organisations, people, networks and who belongs where, when."""

import datetime as dt
import unicodedata

from django.apps import apps
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minutes.access import sees_drafts


def draft_meeting_field(help_text=None):
    """The draft that alone names a record (a person, an organisation, a matter): editors only
    until a meeting that names it is published (then cleared), removed with the draft."""
    return models.ForeignKey(
        "minutes.Meeting",
        verbose_name=_("endast i utkastet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text
        or _(
            "Utkastet som skapade posten. Bara planeringsledare ser den tills ett möte där den "
            "förekommer justeras; kasseras utkastet tas posten bort om inget annat använder den."
        ),
    )


class DraftOnlyQuerySet(models.QuerySet):
    """Records with a draft_meeting_field."""

    def visible_to(self, user):
        """What comes only from a draft is for editors only."""
        return self if sees_drafts(user) else self.filter(draft_meeting__isnull=True)


def normalise_name(name: str) -> str:
    """The form a name is compared in: NFC, single spaces, case-folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


class OrganisationQuerySet(DraftOnlyQuerySet):
    def municipalities(self):
        """The network's municipalities: the ones a meeting or a decision is said to have had
        represented or not (the decision page, the meeting page's summary)."""
        return self.filter(kind=Organisation.Kind.MUNICIPALITY)


def profile_lookups(user) -> list:
    """What the organisation page reads of an organisation besides its own row."""
    return [
        "names",
        models.Prefetch("units", queryset=Organisation.objects.visible_to(user)),
        models.Prefetch(
            "memberships",
            queryset=Membership.objects.visible_to(user)
            .select_related("person", "network")
            .order_by("person__full_name", "-start_date", "pk"),
        ),
    ]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGIONAL_BODY = "regional_body", _("Regionalt förbund")
        OTHER = "other", _("Annan organisation")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(
        _("kortnamn"), max_length=100, unique=True, help_text=_("Till exempel ”Göteborg”.")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("del av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text=_("Till exempel FoU i Väst, som är en del av Göteborgsregionen."),
    )
    draft_meeting = draft_meeting_field()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("network:organisation", args=[self.pk])


class OrganisationName(models.Model):
    """A written form an organisation is known by: "Göteborgs Stad", "Göteborg", "GR"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="names", verbose_name=_("organisation")
    )
    name = models.CharField(_("skrivs som"), max_length=200)

    class Meta:
        verbose_name = _("namnform")
        verbose_name_plural = _("namnformer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="network_organisationname_unique_name"),
        ]

    def __str__(self):
        return self.name


class PersonQuerySet(DraftOnlyQuerySet):
    def for_profile(self, user):
        """/personer/<id>/: the person with the memberships user may see, in time order, and
        appointments."""
        return self.prefetch_related(
            "names",
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(user)
                .select_related("organisation", "network")
                .order_by("start_date", "pk"),
            ),
            models.Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related(
                    "network", "decision__item__day__meeting"
                ),
            ),
        )

    def with_public_roles(self):
        """/api/v1/people/: people who hold or held a role in a network (a membership, or an
        appointment not made in draft minutes), each with those roles; fixed query count."""
        appointments = Appointment.objects.public()
        return self.filter(
            models.Exists(Membership.objects.filter(person=models.OuterRef("pk")))
            | models.Exists(appointments.filter(person=models.OuterRef("pk")))
        ).prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation", "network").order_by(
                    "start_date", "pk"
                ),
            ),
            models.Prefetch(
                "appointments",
                queryset=appointments.select_related("network", "decision").order_by(
                    "start_date", "pk"
                ),
            ),
        )


class Person(models.Model):
    full_name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    draft_meeting = draft_meeting_field()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["full_name", "pk"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("network:person", args=[self.pk])


class PersonName(models.Model):
    """Another written form of a person's name, kept when duplicates are merged."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="names", verbose_name=_("person")
    )
    name = models.CharField(_("skrivs som"), max_length=200)

    class Meta:
        verbose_name = _("namnform")
        verbose_name_plural = _("namnformer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "person", Lower("name"), name="network_personname_unique_person_name"
            ),
        ]

    def __str__(self):
        return self.name


class Network(models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn i adresser"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("drivs av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="networks",
    )
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        verbose_name = _("nätverk")
        verbose_name_plural = pgettext_lazy("flera", "nätverk")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("minutes:meeting_list") + f"?network={self.slug}"


# Memberships read from minutes stay open until an admin ends them; a member not seen at the
# network's meetings (present or with apologies) for this long before its latest meeting has
# most likely left, and is set apart rather than listed as current.
UNSEEN_AFTER = dt.timedelta(days=365)


def membership_unseen(*, start_date: dt.date, last_seen: dt.date | None, latest: dt.date | None):
    """Whether a member last seen on last_seen (None: never) has been away for UNSEEN_AFTER
    before latest, the network's latest meeting (None: no meeting to judge by)."""
    if latest is None:
        return False
    return max(filter(None, [last_seen, start_date])) < latest - UNSEEN_AFTER


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Memberships of a person or an organisation that comes only from a draft are for
        editors only (minutes record memberships when they are published, so these are rare:
        an administrator's, or one recorded before that rule)."""
        if sees_drafts(user):
            return self
        return self.filter(
            person__draft_meeting__isnull=True, organisation__draft_meeting__isnull=True
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Ledamot")
        CHAIR = "chair", _("Ordförande")
        SUBSTITUTE = "substitute", _("Ersättare")
        STAFF = "staff", _("Planeringsledare/tjänsteperson")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("nätverk")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("representerar"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("flera", "medlemskap")
        ordering = ["network", "organisation", "person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="network_membership_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["person", "network", "organisation", "start_date"],
                name="network_membership_unique_start",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.organisation} ({self.network})"

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class AppointmentQuerySet(models.QuerySet):
    def public(self):
        """Appointments anyone who reads the registry may see: not made by a decision in
        minutes that are still a draft."""
        # minutes refers to this module, so its Meeting is looked up, not imported.
        published = apps.get_model("minutes", "Meeting").Status.PUBLISHED
        return self.filter(
            models.Q(decision__isnull=True)
            | models.Q(decision__item__day__meeting__status=published)
        )


class Appointment(models.Model):
    """A person appointed to represent the network somewhere ("utses", "väljs")."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("person")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("nätverk")
    )
    body = models.CharField(
        _("uppdrag i"), max_length=300, help_text=_("Till exempel ”styrgrupp tjänstepersoner”.")
    )
    role = models.CharField(_("roll"), max_length=200, blank=True, default="representant")
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("beslut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = pgettext_lazy("flera", "uppdrag")
        ordering = ["-start_date", "body"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="network_appointment_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.role} i {self.body}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()
