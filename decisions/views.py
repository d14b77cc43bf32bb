from django.shortcuts import get_object_or_404, render

from minutes.access import reader_required

from .models import Decision


@reader_required
def decision_list(request):
    decisions = Decision.objects.visible_to(request.user).for_list()
    return render(request, "decisions/decision_list.html", {"decisions": decisions})


@reader_required
def decision_detail(request, slug):
    decision = get_object_or_404(
        Decision.objects.visible_to(request.user).for_list().prefetch_related("actions"),
        slug=slug,
    )
    return render(request, "decisions/decision_detail.html", {"decision": decision})
