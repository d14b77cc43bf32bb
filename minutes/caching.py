"""What readers see, kept between requests until the registry changes.

Readers who see published minutes only (members, and anyone when the registry is public) all
see the same pages, so the expensive parts (the counts above /beslut/, the rendered list and
filters, a meeting's rendered minutes) are kept in Django's cache under a key that includes the
registry's generation: one row (RegistryGeneration) whose number moves on after every saved,
deleted or re-linked record of the minutes, decisions and network apps (Django's signals), and
after the writes that bypass signals (meeting_version_bump: the admin, a person merge). The
generation is read once per request (a primary-key lookup); a change gives every process a new
key at once, so nothing is read stale and nothing has to be cleared: old entries expire.

Editors see drafts change by the minute: for them nothing is kept.

The number moves once per transaction, after it commits (on_commit): an import of thousands of
rows moves it once, and planning leads saving at the same time never wait on the row. A reader
in the moment between a commit and the move may still get the page from before it.
"""

import hashlib

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .access import sees_drafts

TIMEOUT = 60 * 60  # an hour; a change moves the key long before
APPS = {"minutes", "decisions", "network"}


def generation() -> int:
    from .models import RegistryGeneration

    value = RegistryGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def _bump() -> None:
    from .models import RegistryGeneration

    updated = RegistryGeneration.objects.filter(pk=1).update(value=models.F("value") + 1)
    if not updated:
        RegistryGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def registry_changed() -> None:
    """Move the generation on once the current transaction commits (at once outside one). The
    callbacks waiting for a commit are only ever the current transaction's (Django drops them
    on a rollback), so one waiting _bump is enough."""
    pending = getattr(connection, "run_on_commit", [])
    if any(callback is _bump for _sids, callback, *_rest in pending):
        return
    transaction.on_commit(_bump)


QUIET = {"registrygeneration", "pendingimport"}  # not what readers see


def _on_change(sender, **kwargs):
    meta = sender._meta
    if meta.apps is not global_apps:  # a migration's historical state: no generation yet
        return
    name = meta.model_name
    if meta.app_label in APPS and not name.startswith("historical") and name not in QUIET:
        registry_changed()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"registry-generation-{signal!r}")


def key_for(request, name: str, *parts) -> str | None:
    """The cache key of `name` for this request's reader, or None when nothing is to be kept
    (an editor)."""
    if sees_drafts(request.user):
        return None
    if not hasattr(request, "registry_generation"):  # read once per request
        request.registry_generation = generation()
    language = getattr(request, "LANGUAGE_CODE", "")
    raw = "|".join(str(part) for part in (request.registry_generation, language, *parts))
    return f"registry:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def kept(request, name: str, parts, build):
    """build(), from the cache for readers of published minutes only."""
    key = key_for(request, name, *parts)
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
