"""Who may read the API: the pages' rule (minutes.access.reader_required), plus API keys.

- `Authorization: Bearer <key>`: the key's user. A wrong or revoked key is 401 even when the
  registry is public, so a program with a broken key finds out.
- no Authorization header: the logged-in user (the session cookie), or, with REGISTRY_PUBLIC
  on, the anonymous visitor; otherwise 401.

Drafts are never in the API, whoever asks (api.views): it serves what has been published.
"""

from django.conf import settings
from ninja.security import HttpBearer

from .models import ApiToken


class RegistryReader(HttpBearer):
    def __call__(self, request):
        if request.headers.get("Authorization"):
            return super().__call__(request)  # Bearer <key>, or None (401) for anything else
        if request.user.is_authenticated or settings.REGISTRY_PUBLIC:
            return request.user  # AnonymousUser is truthy: ninja lets the request through
        return None

    def authenticate(self, request, token):
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
        api_token.mark_used()
        request.user = api_token.user
        return api_token.user
