"""A member's private feed address: the secret that lets a feed reader or a calendar read the
registry's published minutes without a session, when the registry is not public."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# token_urlsafe(32): 43 characters of [A-Za-z0-9_-], 256 random bits (feeds.urls.TokenConverter).
TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class FeedTokenQuerySet(models.QuerySet):
    def reader(self, token: str):
        """The active user the token belongs to, or None (renewed, unknown, or deactivated)."""
        found = self.filter(token=token, user__is_active=True).select_related("user").first()
        return found.user if found else None


class FeedToken(models.Model):
    """One per user. The token is random (not signed): renewing replaces it, and the old
    addresses stop working at once. It is stored as is because the member's page shows the
    addresses again; it grants reading published minutes only, never drafts or editing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_token",
        verbose_name=_("användare"),
    )
    token = models.CharField(_("nyckel"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("privat flödesadress")
        verbose_name_plural = _("privata flödesadresser")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("feeds:index")

    @classmethod
    def renew(cls, user) -> "FeedToken":
        """A new token for user (the first, or one replacing the old, which stops working)."""
        feed_token, _created = cls.objects.update_or_create(
            user=user, defaults={"token": new_token(), "created_at": timezone.now()}
        )
        return feed_token
