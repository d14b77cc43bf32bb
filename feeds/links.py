"""The addresses of the feeds and calendars, public or private, for a reader.

Where the registry is public (REGISTRY_PUBLIC) the public addresses serve everyone. Otherwise a
feed reader has no session, so a member's pages point at the member's private addresses (with
the token), and at none when the member has not made one yet.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import FeedToken

ATOM = "application/atom+xml"
ICALENDAR = "text/calendar"


@dataclass(frozen=True)
class Alternate:
    title: str
    url: str
    content_type: str


def feed_url(name: str, *, token: str | None = None, q: str = "", **kwargs) -> str:
    """feed_url("decisions", network="scn") -> "/floden/beslut/scn/"; with token, the private
    address of the same feed; q (the registry's search words) as ?q=."""
    if token:
        url = reverse(f"feeds:private_{name}", kwargs={"token": token, **kwargs})
    else:
        url = reverse(f"feeds:{name}", kwargs=kwargs)
    return url + (f"?{urlencode({'q': q})}" if q else "")


def reader_token(request) -> str | None:
    """The token to put in the addresses shown to this reader: None where the public addresses
    work (a public registry) or for a visitor; the member's own token otherwise (one query per
    request, remembered on it). "" when the member has no private address yet."""
    if settings.REGISTRY_PUBLIC or not request.user.is_authenticated:
        return None
    if not hasattr(request, "_feed_token"):
        request._feed_token = (
            FeedToken.objects.filter(user=request.user).values_list("token", flat=True).first()
            or ""
        )
    return request._feed_token


def alternates(request, *, network=None, q: str = "", meetings: bool = True) -> list[Alternate]:
    """The feeds a page announces (<link rel="alternate">): its decisions (of the network, with
    the search words), the meetings and the network's calendar. None for a member without a
    private address on a registry that is not public, nor for visitors there."""
    token = reader_token(request)
    if token == "" or (token is None and not settings.REGISTRY_PUBLIC):
        return []
    slug = {"network": network.slug} if network else {}
    name = network.name if network else _("alla nätverk")
    found = [
        Alternate(
            _("Beslut i %(name)s som innehåller ”%(q)s” (Atom)") % {"name": name, "q": q}
            if q
            else _("Beslut i %(name)s (Atom)") % {"name": name},
            feed_url("network_decisions" if network else "decisions", token=token, q=q, **slug),
            ATOM,
        )
    ]
    if meetings:
        found.append(
            Alternate(
                _("Justerade möten i %(name)s (Atom)") % {"name": name},
                feed_url("network_meetings" if network else "meetings", token=token, **slug),
                ATOM,
            )
        )
    if meetings and network:
        found.append(
            Alternate(
                _("Mötesdagar i %(name)s (kalender)") % {"name": name},
                feed_url("calendar", token=token, **slug),
                ICALENDAR,
            )
        )
    return found
