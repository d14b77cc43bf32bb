"""Reports of accessibility problems, from the form under the accessibility statement."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DESCRIPTION_MAX_LENGTH = 5000


class AccessibilityReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        IN_PROGRESS = "in_progress", _("Under arbete")
        ANSWERED = "answered", _("Besvarad")
        FIXED = "fixed", _("Åtgärdad")

    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    page_url = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), max_length=DESCRIPTION_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapport om tillgänglighet")
        verbose_name_plural = _("rapporter om tillgänglighet")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "in_progress", "answered", "fixed"]),
                name="accessibility_report_status_valid",
            ),
        ]

    def __str__(self):
        return _("Rapport %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        # Reports are read in the admin only (they may carry a name and an e-mail address).
        return reverse("admin:accessibility_accessibilityreport_change", args=[self.pk])
