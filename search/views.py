from django.core.paginator import Paginator
from django.shortcuts import render

from minutes.access import reader_required

from .queries import CANDIDATES, PAGE_SIZE, hits, parse_query, ranked


@reader_required
def search(request):
    query = parse_query(request.GET.get("q"))
    context = {"query": query, "page": None, "hits": [], "many": False}
    if query.is_searchable:
        # At most CANDIDATES rows per type: one query, paginated here, no COUNT over everything.
        rows = ranked(query, request.user)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            hits=hits(page.object_list, query),
            many=len(rows) >= CANDIDATES,
        )
    return render(request, "search/search.html", context)
