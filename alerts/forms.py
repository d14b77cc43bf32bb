from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision
from minutes.models import Matter
from network.models import Network, Organisation
from search.queries import MAX_QUERY_LENGTH

from .models import Alert, AlertProfile


class AlertForm(forms.Form):
    """What a follow button posts (templates/alerts/_follow_form.html): hidden fields only, so
    the messages are for a tampered or stale page, not for typing."""

    kind = forms.ChoiceField(choices=Alert.Kind.choices)
    words = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False)
    network = forms.ModelChoiceField(
        queryset=Network.objects.all(), to_field_name="slug", required=False
    )
    decision_kind = forms.ChoiceField(choices=[("", "—"), *Decision.Kind.choices], required=False)
    matter = forms.ModelChoiceField(queryset=Matter.objects.none(), required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A matter or organisation that so far comes only from a draft is for editors only.
        self.fields["matter"].queryset = Matter.objects.visible_to(user)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        needed = {
            Alert.Kind.SEARCH: ("words", _("Skriv ett eller flera ord att bevaka.")),
            Alert.Kind.NETWORK: ("network", _("Nätverket finns inte.")),
            Alert.Kind.MATTER: ("matter", _("Ärendet finns inte.")),
            Alert.Kind.ORGANISATION: ("organisation", _("Organisationen finns inte.")),
        }
        name, message = needed.get(data.get("kind"), (None, None))
        if name and not data.get(name) and not self.errors:
            raise forms.ValidationError(message)
        return data


class LanguageForm(forms.ModelForm):
    class Meta:
        model = AlertProfile
        fields = ["language"]
        labels = {"language": _("Språk i e-posten")}
