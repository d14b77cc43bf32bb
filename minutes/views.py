from pathlib import PurePosixPath

import django_filters
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from decisions.views import paginate
from network.models import Network, Organisation

from .access import reader_required, sees_drafts
from .caching import filter_params, kept, kept_page, key_for
from .models import Attachment, Meeting
from .presentation import (
    attendance_groups,
    body_blocks,
    dates_label,
    municipalities_represented,
)
from .uploads import attachment_content_type

# A meeting with more items than this gets a table of contents at the top.
TOC_MIN_ITEMS = 6

# The home page shows this many of the latest meetings; /moten/ has them all, page by page.
HOME_MEETINGS = 5


@reader_required
def home(request):
    """The latest meetings: kept for readers ({% kept %}), their queries run only when the list
    is rendered; the feed links in the page's head stay each reader's own."""
    visible = Meeting.objects.visible_to(request.user)
    latest = SimpleLazyObject(
        lambda: {
            "meetings": summarised(visible.for_list()[:HOME_MEETINGS]),
            "count": visible.count(),
        }
    )
    return render(
        request,
        "minutes/home.html",
        {"latest": latest, "kept_key": key_for(request, "home")},
    )


class MeetingFilter(django_filters.FilterSet):
    """/moten/?network=<slug>&year=2024 (GOV.UK "filter" pattern)."""

    network = django_filters.ModelChoiceFilter(
        label=_("Nätverk"),
        # A semi-join, not DISTINCT over every meeting.
        queryset=Network.objects.filter(Exists(Meeting.objects.filter(network=OuterRef("pk")))),
        to_field_name="slug",
        empty_label=_("Alla nätverk"),
    )
    year = django_filters.ChoiceFilter(
        label=_("År"), field_name="start_date", lookup_expr="year", empty_label=_("Alla år")
    )

    class Meta:
        model = Meeting
        fields = ["network", "year"]

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]


@reader_required
def meeting_list(request):
    visible = Meeting.objects.visible_to(request.user)
    meeting_filter = MeetingFilter(
        request.GET or None,
        queryset=visible.for_list(),
        years=kept(request, "meeting-years", [], visible.years),
    )
    params = filter_params(request, meeting_filter.filters)
    # 20 meetings a page, newest first (Meta.ordering); the items are counted for that page only.
    # For readers the count, the filters and the list are kept ({% kept %}, minutes/caching.py):
    # the page's meetings are only fetched when the list is rendered.
    meetings = meeting_filter.qs
    count = kept(request, "meeting-count", [params], meetings.count)
    page, page_range = paginate(request, meetings, count=count)
    return render(
        request,
        "minutes/meeting_list.html",
        {
            "page": page,
            "page_range": page_range,
            "meetings": SimpleLazyObject(lambda: summarised(page.object_list)),
            "filter": meeting_filter,
            "filtered": any(request.GET.get(name) for name in meeting_filter.filters),
            "kept_key": key_for(request, "meeting-list", params, page.number),
        },
    )


@reader_required
@kept_page("meeting")
def meeting_detail(request, pk):
    """/moten/<id>/: the whole minutes. Rendered once and kept for readers until the registry
    changes (minutes/caching.py); an editor's page is built afresh."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).for_minutes(), pk=pk)
    days = list(meeting.days.all())
    # One query for the municipalities; whom each day lacked is worked out from its attendances.
    municipalities = list(Organisation.objects.visible_to(request.user).municipalities())
    for day in days:
        day.present_groups, day.absent = attendance_groups(day.attendances.all())
        day.present = [a for _group, people in day.present_groups for a in people]
        day.represented, day.not_represented = municipalities_represented(
            municipalities, day.present
        )
        day.decisions = []
        for item in day.items.all():
            decisions = list(item.decisions.all())
            item.blocks = body_blocks(item.body, decisions)
            day.decisions.extend((item, decision) for decision in decisions)
    item_count = sum(len(day.items.all()) for day in days)
    return TemplateResponse(
        request,
        "minutes/meeting_detail.html",
        {
            "meeting": meeting,
            "days": days,
            "dates": dates_label([day.date for day in days]) or date_format(meeting.start_date),
            "show_contents": item_count >= TOC_MIN_ITEMS,
            "municipality_count": len(municipalities),
            # A draft's reader page leads its editors back to the task list.
            "can_edit": not meeting.is_published and sees_drafts(request.user),
        },
    )


@reader_required
def attachment_download(request, pk):
    """/bilagor/<id>/: an uploaded file, by the meeting's rules (drafts for editors only, login
    unless REGISTRY_PUBLIC), always as a download with a content type from the allow-list. The
    file is read through the storage API, so it may live on disk or in object storage."""
    attachment = get_object_or_404(
        Attachment.objects.filter(
            item__day__meeting__in=Meeting.objects.visible_to(request.user)
        ).exclude(file=""),
        pk=pk,
    )
    content_type = attachment_content_type(attachment.file.name)
    if content_type is None:  # stored before the allow-list, or by hand
        raise Http404
    try:
        file = attachment.file.open("rb")
    except OSError as error:  # listed, but gone from the storage
        raise Http404 from error
    response = FileResponse(
        file,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Drafts and members-only minutes: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-cache"
    return response


def download_name(attachment: Attachment) -> str:
    """ "Bilder_från_mötet.pdf": the title as the file's name, with the stored file's type."""
    suffix = PurePosixPath(attachment.file.name).suffix.lower()
    try:
        stem = get_valid_filename(attachment.title[:100])
    except SuspiciousFileOperation:  # a title of dots only
        stem = "bilaga"
    return f"{stem}{suffix}"


def summarised(meetings) -> list[Meeting]:
    """The meetings, each with item_count and dates ("7 och 8 november 2024") from its
    prefetched days and items."""
    meetings = list(meetings)
    for meeting in meetings:
        days = meeting.days.all()
        meeting.item_count = sum(len(day.items.all()) for day in days)
        meeting.dates = dates_label([day.date for day in days]) or date_format(meeting.start_date)
    return meetings
