"""The import's two forms: the file to read, and the meeting's first day to confirm."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from minutes.parsing import ParseError, read_document
from minutes.parsing.documents import check_file_size
from minutes.services import minutes_parse
from network.models import Network

MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10 MB: the largest real minutes are well under 1 MB
ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med anteckningar"),
        help_text=_("En .txt-, .md-, .docx- eller .pdf-fil, högst 10 MB."),
        error_messages={
            "required": _("Välj en fil med anteckningar."),
            "empty": _("Filen är tom."),
            "invalid": _("Det gick inte att ta emot filen: försök igen."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    network = forms.ModelChoiceField(
        label=_("Nätverk"),
        queryset=Network.objects.all(),
        empty_label=None,  # the first network is chosen unless the editor picks another
        error_messages={
            "required": _("Välj vilket nätverk mötet hör till."),
            "invalid_choice": _("Välj ett nätverk i listan."),
        },
    )

    # Once the form is valid: the text read from the file, its name, and the text parsed.
    text = ""
    filename = ""
    parsed = None

    def clean_file(self):
        """Read the upload into text and check that it parses as minutes, or say why not."""
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Filtypen %(suffix)s stöds inte: välj en .txt-, .md-, .docx- eller .pdf-fil."),
                code="file_type",
                params={"suffix": suffix or _("(utan filändelse)")},
            )
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("Filen är för stor (%(size)s): den får vara högst %(max)s."),
                code="file_size",
                params={
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(MAX_UPLOAD_SIZE),
                },
            )
        try:
            check_file_size(upload.size, upload.name)  # a text file has a lower limit
            text = read_document(upload.read(), upload.name)
            parsed = minutes_parse(text=text)  # no attendance or no items: not minutes
        except ParseError as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
        self.text, self.parsed = text, parsed
        self.filename = PurePath(upload.name).name[:300]
        return upload


class DateForm(forms.Form):
    first_date = forms.DateField(
        label=_("Mötets första dag"),
        help_text=_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-11-07."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Ange mötets första dag."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-11-07."),
        },
    )
