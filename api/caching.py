"""Conditional GET for every API response: ETag and, where the view knows it, Last-Modified.

The ETag is a hash of the response body, so it is exact: any change to what the reader would
get (a renamed person, a reopened meeting) changes it. Last-Modified is the newest updated_at of
the meetings behind the response (Meeting.updated_at moves on every save, publish and reopen);
a change that does not save a meeting (an action's status, a person's name) does not move it,
so clients should prefer If-None-Match, which wins when both are sent (RFC 9110).

A 304 saves the client the body, not the server the queries: the body is built to be hashed.
"""

from functools import wraps

from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date


def note_last_modified(request, *timestamps) -> None:
    """Called by a view: the newest of the given datetimes (None ignored) is Last-Modified."""
    known = [t for t in timestamps if t is not None]
    if known:
        request.api_last_modified = max(known)


def conditional_get(run):
    """Wraps a ninja operation's run (ninja.decorators.decorate_view)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # What one reader gets depends on who asks: caches must keep answers apart, and ask
        # again each time (cheap with the ETag).
        patch_vary_headers(response, ["Authorization", "Cookie"])
        patch_cache_control(response, private=True, no_cache=True)
        set_response_etag(response)
        last_modified = getattr(request, "api_last_modified", None)
        timestamp = None
        if last_modified is not None:
            timestamp = int(last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=timestamp, response=response
        )

    return wrapper
