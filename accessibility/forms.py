from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityReport


class ReportForm(forms.ModelForm):
    """GOV.UK-style: one question per field, Swedish messages that say how to fix the error."""

    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "name", "email"]
        labels = {
            "page_url": _("Vilken sida gäller det? (valfritt)"),
            "description": _("Beskriv problemet"),
            "name": _("Ditt namn (valfritt)"),
            "email": _("Din e-postadress (valfritt)"),
        }
        help_texts = {
            "page_url": _("Adressen till sidan, till exempel /beslut/."),
            "description": _(
                "Vad försökte du göra, och vad hände? Berätta gärna vilket hjälpmedel du "
                "använder. Högst 5 000 tecken."
            ),
            "email": _("Om du vill att vi svarar dig."),
        }
        error_messages = {
            "description": {
                "required": _("Beskriv problemet du stötte på."),
                "max_length": _(
                    "Beskrivningen får vara högst %(limit_value)d tecken (den har %(show_value)d)."
                ),
            },
            "email": {
                "invalid": _("Skriv e-postadressen som namn@exempel.se, eller lämna fältet tomt."),
            },
            "page_url": {"max_length": _("Adressen får vara högst %(limit_value)d tecken.")},
            "name": {"max_length": _("Namnet får vara högst %(limit_value)d tecken.")},
        }
        widgets = {
            "page_url": forms.TextInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        }

    def clean_page_url(self):
        value = self.cleaned_data["page_url"]
        if any(ord(character) < 32 for character in value):  # a line break, a tab...
            raise forms.ValidationError(_("Adressen innehåller tecken som inte hör hemma där."))
        return value
