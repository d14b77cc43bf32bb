"""The counts above /beslut/ (decisions per year and kind, and so the number of hits), kept
between requests until the registry changes (minutes/caching.py).

The aggregate reads every decision the reader may see: 140 ms at 100 000 decisions on
PostgreSQL before Decision.taken_on, still the most expensive part of the page, and the same
answer for every member until something is published, reopened, corrected or merged. Editors
are counted afresh on every request.
"""

from minutes.caching import kept


def per_year_and_kind(decisions, *, request, params) -> dict[int, dict[str, int]]:
    """decisions.per_year_and_kind(), kept for readers of published minutes only. params: the
    filter's values as one canonical string (order and page left out by the caller)."""
    return kept(request, "decisions-per-year", [params], decisions.per_year_and_kind)
