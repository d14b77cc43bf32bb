"""The minutes out: /moten/<id>/utskrift/, /moten/<id>/anteckningar.pdf and .docx.

Access exactly as on the meeting page: readers only, drafts for editors (404 for others)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from minutes.access import reader_required
from minutes.models import Meeting

from .documents import (
    export_filename_stem,
    meeting_docx,
    meeting_pdf,
    minutes_document,
    render_print_html,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).for_minutes(), pk=pk)


@require_safe
@reader_required
def print_page(request, pk):
    document = minutes_document(_meeting(request, pk))
    return HttpResponse(render_print_html(document, request=request))


@require_safe
@reader_required
def pdf(request, pk):
    meeting = _meeting(request, pk)
    return _attachment(meeting_pdf(meeting), "application/pdf", meeting, "pdf")


@require_safe
@reader_required
def docx(request, pk):
    meeting = _meeting(request, pk)
    return _attachment(meeting_docx(meeting), DOCX_TYPE, meeting, "docx")


def _attachment(data: bytes, content_type: str, meeting: Meeting, suffix: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename_stem(meeting)}.{suffix}"'
    )
    # Drafts change; a published meeting changes only when reopened.
    response["Cache-Control"] = "private, no-cache"
    return response
