"""/healthz for load balancers and process managers: "ok" when the database answers.

A middleware placed first rather than a view, so that the check stays cheap and works however
the balancer calls it: no session, no login, no redirect to HTTPS, and any Host header (a
balancer often calls the app server by its address). It tells nothing but "ok" or "unavailable".
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

PATH = "/healthz"

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return health_check()


def health_check() -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("healthz: the database does not answer")
        response = HttpResponse("database unavailable", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
