from django.urls import path, register_converter

from minutes.access import reader_required

from . import views


class TokenConverter:
    """A private address's token: 43 characters of [A-Za-z0-9_-] (models.new_token)."""

    regex = r"[A-Za-z0-9_-]{43}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "feeds"
urlpatterns = [
    path("floden/", views.index, name="index"),
    path("floden/ny-adress/", views.renew, name="renew"),
    # Public: the pages' rule (REGISTRY_PUBLIC, or a member's session).
    path("floden/beslut/", reader_required(views.decision_feed), name="decisions"),
    path(
        "floden/beslut/<slug:network>/",
        reader_required(views.decision_feed),
        name="network_decisions",
    ),
    path("floden/moten/", reader_required(views.meeting_feed), name="meetings"),
    path(
        "floden/moten/<slug:network>/",
        reader_required(views.meeting_feed),
        name="network_meetings",
    ),
    path("kalender/<slug:network>.ics", reader_required(views.network_calendar), name="calendar"),
    # Private: a member's token, for readers without a session.
    path("floden/privat/<token:token>/beslut/", views.decision_feed, name="private_decisions"),
    path(
        "floden/privat/<token:token>/beslut/<slug:network>/",
        views.decision_feed,
        name="private_network_decisions",
    ),
    path("floden/privat/<token:token>/moten/", views.meeting_feed, name="private_meetings"),
    path(
        "floden/privat/<token:token>/moten/<slug:network>/",
        views.meeting_feed,
        name="private_network_meetings",
    ),
    path(
        "kalender/privat/<token:token>/<slug:network>.ics",
        views.network_calendar,
        name="private_calendar",
    ),
    path("moten/<int:pk>/kalender.ics", views.meeting_calendar, name="meeting_calendar"),
]
