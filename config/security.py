"""HTTP hardening that applies to every view (issue 8, findings 1, 5 and 8).

SecurityHeadersMiddleware   Content-Security-Policy and Permissions-Policy on every response
RequestBodyGuardMiddleware  a request body is refused before anything reads it
request_body_max_bytes      a view's own cap on the request body (the import: 10 MB files)
client_ip                   the address django-axes counts failed logins by
lockout_response            the Swedish page django-axes shows on a lockout
"""

from functools import wraps

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

# Methods that never carry a form: the guard leaves them alone.
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def content_security_policy(directives: dict[str, list[str]]) -> str:
    """{"img-src": ["'self'", "data:"]} -> "img-src 'self' data:" (Django 6's SECURE_CSP form)."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_policy(features: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> "camera=(), fullscreen=(self)"."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy (settings.SECURE_CSP) and Permissions-Policy
    (settings.PERMISSIONS_POLICY) on every response.

    A dozen lines instead of django-csp: the policy is one fixed, strict policy for the whole
    site (no nonces: the pages have no inline script or style), and Django 6.0 has this built
    in (SECURE_CSP with django.middleware.csp.ContentSecurityPolicyMiddleware), so upgrading
    is swapping this class for Django's. With DEBUG on, Django's own error pages (inline
    style and script) are left without the policy so that they stay readable.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy(settings.SECURE_CSP)
        self.permissions = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


def request_body_max_bytes(max_bytes: int):
    """Decorate a view whose requests may be larger (or must be smaller) than
    settings.REQUEST_BODY_MAX_BYTES; RequestBodyGuardMiddleware reads the mark."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.request_body_max_bytes = max_bytes
        return wrapper

    return decorator


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _anonymous_post_allowed(request, view_func) -> bool:
    """Views that take a form from a visitor: Django marks its login views (and the admin's)
    with @login_not_required; the language switcher and logging out are named here."""
    if getattr(view_func, "login_required", True) is False:
        return True
    match = request.resolver_match
    return match is not None and match.view_name in settings.ANONYMOUS_POST_VIEWS


class RequestBodyGuardMiddleware:
    """Refuse a POST (PUT, PATCH, DELETE) before its body is read.

    CsrfViewMiddleware reads the whole body to find the token, before @login_required or
    editor_required run: a visitor could make the server read 100 MB only to be sent to the
    login page. Placed before CsrfViewMiddleware, this middleware answers from the headers:

    - a visitor posting to a page that needs a login is sent to the login page (as the view
      itself would), without the body being read;
    - a visitor posting to the login page or the language switcher may send at most
      DATA_UPLOAD_MAX_MEMORY_SIZE;
    - nobody may send more than the view allows (@request_body_max_bytes) or
      REQUEST_BODY_MAX_BYTES: 413 with a Swedish page.

    A body without Content-Length (chunked) is not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        length = _content_length(request)
        limit = getattr(view_func, "request_body_max_bytes", settings.REQUEST_BODY_MAX_BYTES)
        if not request.user.is_authenticated:
            if not _anonymous_post_allowed(request, view_func):
                return self._to_login(request)
            limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if length > limit:
            response = render(
                request,
                "413.html",
                {"size_mb": length / 1024 / 1024, "limit_mb": limit / 1024 / 1024},
                status=413,
            )
            add_never_cache_headers(response)
            return response
        return None

    @staticmethod
    def _to_login(request):
        match = request.resolver_match
        login_url = reverse("admin:login") if match and match.namespace == "admin" else None
        return redirect_to_login(request.get_full_path(), login_url)


# django-axes ----------------------------------------------------------------------------


def client_ip(request) -> str | None:
    """The address failed logins are counted by (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR unless TRUSTED_PROXY_COUNT reverse proxies (nginx, a load balancer) stand in
    front of the app and each appends the address it saw to X-Forwarded-For: then the entry
    the outermost trusted proxy added. Entries further left are written by the client and
    could be anything, so they are never used (a locked-out attacker would otherwise pick a
    new address per attempt)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login is refused for a while; say so in plain Swedish."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
