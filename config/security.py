"""HTTP hardening that applies to every view (issue 8, findings 1, 5 and 8).

SecurityHeadersMiddleware   Content-Security-Policy and Permissions-Policy on every response
"""

from django.conf import settings


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
