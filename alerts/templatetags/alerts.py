from django import template
from django.utils.translation import gettext as _

from alerts.models import Alert
from search.queries import parse_query

register = template.Library()


@register.inclusion_tag("alerts/_follow_form.html", takes_context=True)
def alert_button(context, words="", network=None, kind="", matter=None, organisation=None):
    """The button that saves what the page shows as an alert, or removes it when the member
    already has it (one query). An organisation's page follows the organisation; words a saved
    search (with the page's network and kind of decision); else the matter, else the network.
    Nothing for visitors who are not logged in."""
    request = context["request"]
    if not request.user.is_authenticated:
        return {"show": False}
    network = network if hasattr(network, "slug") else None
    matter = matter if hasattr(matter, "pk") else None
    organisation = organisation if hasattr(organisation, "pk") else None
    query = parse_query(words or "")
    if organisation is not None:
        fields = {"kind": Alert.Kind.ORGANISATION, "organisation": organisation}
        label, following = _("Följ organisationen"), _("Du följer organisationen.")
    elif query.is_searchable:
        fields = {
            "kind": Alert.Kind.SEARCH,
            "words": query.text,
            "network": network,
            "decision_kind": kind or "",
        }
        label, following = _("Bevaka den här sökningen"), _("Du bevakar den här sökningen.")
    elif matter is not None:
        fields = {"kind": Alert.Kind.MATTER, "matter": matter}
        label, following = _("Följ ärendet"), _("Du följer ärendet.")
    elif network is not None:
        fields = {"kind": Alert.Kind.NETWORK, "network": network}
        label, following = _("Följ nätverket"), _("Du följer nätverket.")
    else:
        return {"show": False}
    existing = Alert.objects.filter(user=request.user, **fields).first()
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "existing": existing,
        "label": label,
        "following": following,
        "kind": fields["kind"],
        "words": fields.get("words", ""),
        "network": fields.get("network"),
        "decision_kind": fields.get("decision_kind", ""),
        "matter": fields.get("matter"),
        "organisation": fields.get("organisation"),
    }
