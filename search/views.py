from django.core.paginator import Paginator
from django.shortcuts import render

from minutes.access import reader_required

from .queries import CANDIDATES, PAGE_SIZE, hits, parse_query, ranked


@reader_required
def search(request):
    query = parse_query(request.GET.get("q"))
    context = {"query": query, "page": None, "hits": [], "many": False}
    if query.is_searchable:
        paginator = Paginator(ranked(query, request.user), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            page=page,
            hits=hits(page.object_list, query, request.user),
            many=paginator.count >= CANDIDATES,
        )
    return render(request, "search/search.html", context)
