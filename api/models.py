"""API keys: a member's programs (an intranet, a case system) read the API with one."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# last_used_at is written at most this often per key, so that reading the API is not a write.
LAST_USED_PRECISION = dt.timedelta(minutes=5)


def token_hash(key: str) -> str:
    """Keys are 256 random bits, so a plain SHA-256 is enough (no slow password hash needed):
    the database holds only this, and a stolen copy of it gives no usable key."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, key: str) -> "ApiToken | None":
        """The active user's token with this key, or None (one query)."""
        return (
            self.select_related("user")
            .filter(key_hash=token_hash(key), user__is_active=True)
            .first()
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(
        _("används till"), max_length=100, help_text=_("Till exempel ”Intranätet i Ale”.")
    )
    key_hash = models.CharField(_("nyckelns kontrollsumma"), max_length=64, unique=True)
    prefix = models.CharField(
        _("nyckeln börjar med"), max_length=8, help_text=_("För att känna igen nyckeln.")
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self):
        return reverse("admin:api_apitoken_change", args=[self.pk])

    def set_new_key(self) -> str:
        """Give the token a new random key and return it: the only time it can be seen. The
        caller saves (renewing a key makes the old one stop working at once)."""
        key = secrets.token_urlsafe(32)
        self.key_hash = token_hash(key)
        self.prefix = key[:8]
        self.created_at = timezone.now()
        self.last_used_at = None
        return key

    def mark_used(self) -> None:
        """Note the use, at most once per LAST_USED_PRECISION."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
