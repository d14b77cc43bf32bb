"""Alerts: a member's saved searches and follows, the language their e-mail is written in, the
publications waiting to be mailed (the outbox) and what each member has been sent."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision
from minutes.models import Matter, Meeting
from network.models import Network, Organisation
from search.queries import MAX_QUERY_LENGTH


class AlertQuerySet(models.QuerySet):
    def for_page(self):
        """Mina bevakningar: each alert with what it names, in one query."""
        return self.select_related("network", "matter", "organisation").order_by(
            "kind", "created_at", "pk"
        )


class Alert(models.Model):
    """One thing a member is told about: a saved search (words, optionally narrowed to a network
    and a kind of decision), or a followed network, matter or organisation. One model rather
    than one per kind: the page lists them together, an e-mail's unsubscribe link names one,
    and the database keeps each kind's fields right (the constraints below)."""

    class Kind(models.TextChoices):
        SEARCH = "search", _("Sökning")
        NETWORK = "network", _("Nätverk")
        MATTER = "matter", _("Ärende")
        ORGANISATION = "organisation", _("Organisation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("användare"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    words = models.CharField(_("sökord"), max_length=MAX_QUERY_LENGTH, blank=True)
    network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("nätverk"),
    )
    decision_kind = models.CharField(
        _("typ av beslut"), max_length=30, choices=Decision.Kind.choices, blank=True
    )
    matter = models.ForeignKey(
        Matter,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("ärende"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        ordering = ["user", "kind", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="alerts_alert_fields_of_kind",
                condition=(
                    models.Q(
                        kind="search",
                        matter__isnull=True,
                        organisation__isnull=True,
                    )
                    & ~models.Q(words="")
                )
                | models.Q(
                    kind="network",
                    words="",
                    decision_kind="",
                    network__isnull=False,
                    matter__isnull=True,
                    organisation__isnull=True,
                )
                | models.Q(
                    kind="matter",
                    words="",
                    decision_kind="",
                    network__isnull=True,
                    matter__isnull=False,
                    organisation__isnull=True,
                )
                | models.Q(
                    kind="organisation",
                    words="",
                    decision_kind="",
                    network__isnull=True,
                    matter__isnull=True,
                    organisation__isnull=False,
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "network"],
                condition=models.Q(kind="network"),
                name="alerts_alert_unique_network",
            ),
            models.UniqueConstraint(
                fields=["user", "matter"],
                condition=models.Q(kind="matter"),
                name="alerts_alert_unique_matter",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(kind="organisation"),
                name="alerts_alert_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "words", "decision_kind"],
                condition=models.Q(kind="search", network__isnull=True),
                name="alerts_alert_unique_search",
            ),
            models.UniqueConstraint(
                fields=["user", "words", "decision_kind", "network"],
                condition=models.Q(kind="search", network__isnull=False),
                name="alerts_alert_unique_network_search",
            ),
        ]

    def __str__(self):
        return self.describe()

    def get_absolute_url(self):
        """The registry's page for what is followed (a saved search: /beslut/ with its words)."""
        if self.kind == self.Kind.NETWORK:
            return self.network.get_absolute_url()
        if self.kind == self.Kind.MATTER:
            return self.matter.get_absolute_url()
        if self.kind == self.Kind.ORGANISATION:
            return self.organisation.get_absolute_url()
        params = {"q": self.words}
        if self.network_id:
            params["network"] = self.network.slug
        if self.decision_kind:
            params["kind"] = self.decision_kind
        return reverse("decisions:decision_list") + "?" + urlencode(params)

    def describe(self) -> str:
        """What is followed, in the active language: "Sökningen ”nära vård” i Socialchef..."."""
        if self.kind == self.Kind.NETWORK:
            return _("Nätverket %(name)s") % {"name": self.network}
        if self.kind == self.Kind.MATTER:
            return _("Ärendet %(name)s") % {"name": self.matter}
        if self.kind == self.Kind.ORGANISATION:
            return _("Organisationen %(name)s") % {"name": self.organisation.name}
        text = _("Sökningen ”%(words)s”") % {"words": self.words}
        if self.network_id:
            text += " " + _("i %(name)s") % {"name": self.network}
        if self.decision_kind:
            text += ", " + _("bara %(kind)s") % {"kind": self.get_decision_kind_display()}
        return text


class AlertProfile(models.Model):
    """The language a member's alerts are written in. The registry keeps no other per-user
    language (the switcher sets a cookie), so it is taken from the page the first alert was
    saved on and can be changed on Mina bevakningar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_profile",
        verbose_name=_("användare"),
    )
    language = models.CharField(
        _("språk i e-posten"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("inställning för bevakningar")
        verbose_name_plural = _("inställningar för bevakningar")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("alerts:index")


class PublicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(processed_at__isnull=True)


class Publication(models.Model):
    """The outbox: a meeting published (justerad) whose alerts are not yet sent. Written in the
    same transaction as the publication itself (minutes.services.meeting_publish), so it exists
    exactly when the publication does; `manage.py send_alerts` mails it and marks it processed."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="+", verbose_name=_("möte")
    )
    created_at = models.DateTimeField(_("justerat"), auto_now_add=True)
    claimed_at = models.DateTimeField(
        _("tagen av utskicket"),
        null=True,
        blank=True,
        help_text=_("Ett pågående utskick; en annan körning hoppar över den en stund."),
    )
    processed_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    sent_count = models.PositiveIntegerField(_("skickade e-brev"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("justering att meddela")
        verbose_name_plural = _("justeringar att meddela")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(processed_at__isnull=True),
                name="alerts_publication_pending",
            ),
        ]

    def __str__(self):
        return str(self.meeting)

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class SentDecision(models.Model):
    """A decision mailed to a member: never again, whatever alerts it matches or however often
    its meeting is reopened and published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("användare"),
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="+", verbose_name=_("beslut")
    )
    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickat beslut")
        verbose_name_plural = _("skickade beslut")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "decision"], name="alerts_sentdecision_unique_user_decision"
            ),
        ]

    def __str__(self):
        return f"{self.decision} → {self.user}"

    def get_absolute_url(self):
        return self.decision.get_absolute_url()
