import datetime as dt
import itertools
from collections import Counter

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from decisions.views import paginate
from minutes.access import reader_required
from minutes.caching import kept, key_for

from .queries import CANDIDATES, MAX_QUERY_LENGTH, PAGE_SIZE, Kind, hits, parse_query, ranked

# ?typ= narrows the hits to one type, with the number of each type beside it.
TYPES = [
    ("beslut", Kind.DECISION, _("Beslut")),
    ("punkter", Kind.ITEM, _("Punkter")),
    ("moten", Kind.MEETING, _("Möten")),
    ("personer", Kind.PERSON, _("Personer")),
]
NEWEST = "datum"  # ?ordning=datum: newest first instead of best first
MIN = dt.date.min


@reader_required
def search(request):
    query = parse_query(request.GET.get("q"))
    context = {
        "query": query,
        "page": None,
        "hits": [],
        "many": False,
        "max_length": MAX_QUERY_LENGTH,
    }
    if query.is_searchable:
        # At most CANDIDATES rows per type: one query, paginated here, no COUNT over everything.
        # For readers the rows are kept per query until the registry changes, so the type tabs,
        # the order and the pages of one search do not run it again; and so is the page of
        # hits as rendered ({% kept %}), built only when it is rendered.
        rows = kept(request, "search-rows", [query.text], lambda: ranked(query, request.user))
        counts = Counter(kind for kind, _pk, _score, _date in rows)
        chosen = next((t for t in TYPES if t[0] == request.GET.get("typ")), None)
        chosen_slug = chosen[0] if chosen else ""
        if chosen:
            rows = [row for row in rows if row[0] == chosen[1]]
        newest = request.GET.get("ordning") == NEWEST
        if newest:  # stable: equal dates keep their rank; people (no date) last
            rows = sorted(rows, key=lambda row: (row[3] is not None, row[3] or MIN), reverse=True)
        page, page_range = paginate(request, rows, per_page=PAGE_SIZE)
        page_hits = SimpleLazyObject(lambda: hits(page.object_list, query))
        context.update(
            page=page,
            page_range=page_range,
            hits=page_hits,
            groups=SimpleLazyObject(lambda: by_date(page_hits, start=page.start_index())),
            many=any(count >= CANDIDATES for count in counts.values()),
            total=sum(counts.values()),
            types=[(slug, label, counts[kind]) for slug, kind, label in TYPES if counts[kind]],
            chosen=chosen_slug,
            newest=newest,
            kept_key=key_for(request, "search-hits", query.text, chosen_slug, newest, page.number),
        )
    return render(request, "search/search.html", context)


def by_date(page_hits, *, start: int) -> list[tuple[dt.date | None, int, list]]:
    """[(meeting date, number of its first hit, hits)]: consecutive hits of one meeting day under
    one heading, so the years read at a glance in either order (best first keeps its ranking;
    an item and the decisions taken under it fall under the same date). People have no date."""
    groups = []
    for date, group in itertools.groupby(page_hits, key=lambda hit: hit.date):
        group = list(group)
        groups.append((date, start, group))
        start += len(group)
    return groups
