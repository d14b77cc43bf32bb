"""Who may read the registry: one place for the rule."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def sees_drafts(user) -> bool:
    """Planning leads (minutes.change_meeting) see drafts, and every person, organisation and
    matter that so far comes only from a draft; everyone else sees published minutes only."""
    return user.is_authenticated and user.has_perm("minutes.change_meeting")


def reader_required(view):
    """Members (logged-in users) read; with REGISTRY_PUBLIC on, anyone reads published minutes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_authenticated or settings.REGISTRY_PUBLIC):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view):
    """Planning leads (minutes.change_meeting) edit; members get 403, visitors the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not sees_drafts(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
