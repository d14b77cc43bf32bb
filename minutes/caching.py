"""What readers see, kept between requests until the registry changes.

Readers who see published minutes only (members, and anyone when the registry is public) all
see the same pages, so the expensive parts (the counts above /beslut/, the rendered list and
filters, a meeting's rendered minutes) are kept in Django's cache under a key that includes the
registry's generation: one row (RegistryGeneration) whose number moves on after every saved,
deleted or re-linked record of the minutes, decisions and network apps (Django's signals), and
after the writes that bypass signals (meeting_version_bump: the admin, a person merge). The
generation is read once per request (a primary-key lookup); a change gives every process a new
key at once, so nothing is read stale and nothing has to be cleared: old entries expire.

Editors see drafts change by the minute: for them nothing is kept, and a change within a draft
(within_a_draft) leaves the generation where it is.

The number moves once per transaction, after it commits (on_commit): an import of thousands of
rows moves it once, and planning leads saving at the same time never wait on the row. A reader
in the moment between a commit and the move may still get the page from before it.
"""

import hashlib
from functools import wraps

from django.apps import apps as global_apps
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template import loader
from django.template.context import make_context
from django.template.loader_tags import BlockNode
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from .access import sees_drafts

TIMEOUT = 60 * 60  # an hour; a change moves the key long before
APPS = {"minutes", "decisions", "network"}


def generation() -> int:
    from .models import RegistryGeneration

    value = RegistryGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def _bump() -> None:
    from .models import RegistryGeneration

    updated = RegistryGeneration.objects.filter(pk=1).update(value=models.F("value") + 1)
    if not updated:
        RegistryGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def registry_changed() -> None:
    """Move the generation on once the current transaction commits (at once outside one). The
    callbacks waiting for a commit are only ever the current transaction's (Django drops them
    on a rollback), so one waiting _bump is enough."""
    pending = getattr(connection, "run_on_commit", [])
    if any(callback is _bump for _sids, callback, *_rest in pending):
        return
    transaction.on_commit(_bump)


QUIET = {"registrygeneration", "pendingimport"}  # not what readers see


def _on_change(sender, instance=None, created=False, **kwargs):
    meta = sender._meta
    if meta.apps is not global_apps:  # a migration's historical state: no generation yet
        return
    name = meta.model_name
    seen = meta.app_label in APPS and not name.startswith("historical") and name not in QUIET
    if seen and not within_a_draft(instance, created=created):
        registry_changed()


# From a record to its meeting, for the records that belong to one.
TO_MEETING = {
    "meeting": (),
    "meetingday": ("meeting",),
    "agendaitem": ("day", "meeting"),
    "attendance": ("day", "meeting"),
    "attachment": ("item", "day", "meeting"),
    "decision": ("item", "day", "meeting"),
    "action": ("item", "day", "meeting"),
}
DRAFT = "draft"


def within_a_draft(instance, *, created: bool = False) -> bool:
    """Whether a change to instance is one no reader can see: a record of a meeting that is a
    draft and was one before (or a new draft). A planning lead writing the minutes then leaves
    what readers have kept in place, instead of every save moving the generation on.

    Decided without a query, from the meeting instance was loaded with (the editing views load
    records with their meeting): when the meeting is not at hand, or the record was moved from
    another day, the change counts as seen."""
    if instance is None or instance._meta.model_name not in TO_MEETING:
        return False
    if getattr(instance, "_loaded_day_id", None) not in (None, getattr(instance, "day_id", None)):
        return False
    meeting = instance
    for field in TO_MEETING[instance._meta.model_name]:
        meeting = meeting._state.fields_cache.get(field)
        if meeting is None:
            return False
    stored = getattr(meeting, "_stored_status", None)
    new = meeting is instance and created
    return meeting.status == DRAFT and (stored == DRAFT or new)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"registry-generation-{signal!r}")


def key_for(request, name: str, *parts) -> str | None:
    """The cache key of `name` for this request's reader, or None when nothing is to be kept
    (an editor, or no cache: the test settings)."""
    if sees_drafts(request.user) or isinstance(caches["default"], DummyCache):
        return None
    if not hasattr(request, "registry_generation"):  # read once per request
        request.registry_generation = generation()
    language = getattr(request, "LANGUAGE_CODE", "")
    raw = "|".join(str(part) for part in (request.registry_generation, language, *parts))
    return f"registry:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def filter_params(request, names) -> str:
    """A filter's values as one canonical string for a key: the given names only, in order,
    empty ones and the page left out."""
    return urlencode(sorted((k, v) for k, v in request.GET.items() if k in names and v))


def kept(request, name: str, parts, build):
    """build(), from the cache for readers of published minutes only."""
    key = key_for(request, name, *parts)
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


# -- Whole pages ----------------------------------------------------------------------------

BLOCKS = ("title", "styles", "content", "scripts")


def kept_page(name: str):
    """A view whose page is the same for every reader (no follow button, no form with a token,
    nothing per user in its blocks): for readers its blocks are rendered once per address and
    language and kept; the menu, the footer and the rest of base.html are rendered per request.
    The view returns a TemplateResponse (lazy), so that the blocks can be rendered from its
    template and context; on a hit the view is not called at all."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = key_for(request, name, request.get_full_path())
            if key is None:
                return view(request, *args, **kwargs)
            blocks = cache.get(key)
            if blocks is None:
                response = view(request, *args, **kwargs)
                if not isinstance(response, TemplateResponse) or response.status_code != 200:
                    return response
                blocks = render_blocks(response.template_name, response.context_data, request)
                cache.set(key, blocks, TIMEOUT)
            return TemplateResponse(request, "kept_page.html", {"kept": blocks})

        return wrapper

    return decorator


def render_blocks(template_name: str, context: dict, request) -> dict[str, SafeString]:
    """The page template's own blocks (BLOCKS), each rendered alone with the view's context."""
    template = loader.get_template(template_name).template
    context = make_context(context, request)
    rendered = {}
    with context.render_context.push_state(template), context.bind_template(template):
        for node in template.nodelist.get_nodes_by_type(BlockNode):
            if node.name in BLOCKS:
                rendered[node.name] = mark_safe(node.nodelist.render(context))  # rendered HTML
    return rendered
