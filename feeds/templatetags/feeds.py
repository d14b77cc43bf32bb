from django import template

from feeds.links import alternates

register = template.Library()


@register.inclusion_tag("feeds/_alternates.html", takes_context=True)
def feed_alternates(context, network=None, q="", meetings=True):
    """<link rel="alternate"> for the page's feeds (feeds.links.alternates)."""
    network = network if hasattr(network, "slug") else None
    found = alternates(context["request"], network=network, q=q or "", meetings=meetings)
    return {"alternates": found}


@register.simple_tag(takes_context=True)
def feed_alternate_list(context, network=None, q="", meetings=True):
    """The same list, for a visible link: {% feed_alternate_list ... as feeds %}."""
    network = network if hasattr(network, "slug") else None
    return alternates(context["request"], network=network, q=q or "", meetings=meetings)
