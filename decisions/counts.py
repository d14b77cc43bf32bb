"""The counts above /beslut/ (decisions per year and kind, and so the number of hits), kept
between requests until what readers see changes.

The aggregate joins every decision to its item, day and meeting: 140 ms at 100 000 decisions on
PostgreSQL, the most expensive part of the page, and the same answer for every member until a
meeting is published, reopened or a person merged. It is cached per filter for readers who see
published minutes only, under a key that includes `published_stamp()`: one indexed aggregate
over the meetings that moves with every publish (a new, later published_at), every reopen (one
published meeting fewer) and every save that bumps a meeting (updated_at: the admin, a person
merge). The key changes at once in every process, so nothing is ever read stale and no one has
to clear the cache: old entries simply expire. Editors, who see drafts change by the minute,
are counted afresh on every request.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max

from minutes.access import sees_drafts
from minutes.models import Meeting

TIMEOUT = 60 * 60  # an hour; a publish changes the key long before


def published_stamp() -> str:
    stamp = Meeting.objects.published().aggregate(
        n=Count("pk"), published=Max("published_at"), updated=Max("updated_at")
    )
    return f"{stamp['n']}:{stamp['published']}:{stamp['updated']}"


def per_year_and_kind(decisions, *, user, params) -> dict[int, dict[str, int]]:
    """decisions.per_year_and_kind(), from the cache when the user sees published minutes only.
    params: the filter's query string (order and page left out by the caller)."""
    if sees_drafts(user):
        return decisions.per_year_and_kind()
    digest = hashlib.sha256(f"{published_stamp()}|{params}".encode()).hexdigest()[:32]
    key = f"decisions:per-year:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts = decisions.per_year_and_kind()
        cache.set(key, counts, TIMEOUT)
    return counts
