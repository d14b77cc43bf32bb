"""Decisions and positions taken, with stable citable references; follow-up actions."""

import string

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from minutes.models import AgendaItem, Meeting
from network.models import Organisation, Person


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(item__day__meeting__status=Meeting.Status.PUBLISHED)

    def visible_to(self, user):
        if user.is_authenticated and user.has_perm("minutes.change_meeting"):
            return self
        return self.published()

    def for_list(self):
        return self.select_related("item__day__meeting__network", "item__matter")


class Decision(models.Model):
    class Kind(models.TextChoices):
        BESLUT = "beslut", _("Beslut")
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
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-item__day__date", "item__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "position"], name="decisions_decision_unique_position"
            ),
        ]

    def __str__(self):
        return self.reference or f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        # The reference is derived once, from the item it was taken under, and then never changes.
        if not self.reference:
            self.reference = self.make_reference(self.item, self.position)
            self.slug = slugify(self.reference.replace("§", ""))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("decisions:decision", args=[self.slug])

    @staticmethod
    def make_reference(item: AgendaItem, position: int) -> str:
        """ "Socialchefsnätverket 2024-11-08 §4"; "§5b" for the second decision under §5."""
        day = item.day
        suffix = "" if position <= 1 else string.ascii_lowercase[(position - 1) % 26]
        return f"{day.meeting.network.name} {day.date:%Y-%m-%d} §{item.number}{suffix}"


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
    due_date = models.DateField(_("senast"), null=True, blank=True)
    due_text = models.CharField(
        _("när"), max_length=200, blank=True, help_text=_("Till exempel ”till nästa möte”.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

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
