"""Bearer-token authentication for the write endpoints.

Use it on an operation or a router: `@router.post("/groups", auth=token_auth)`. A request
without `Authorization: Bearer <token>`, or with an unknown token or one of an inactive
user, gets 401 JSON (see `errors.py`); otherwise `request.auth` and `request.user` are the
token's user, so the audit history records who made the change.
"""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from workgroups.api.models import ApiToken, hash_key

# last_used is written at most this often per token, so that reads of a busy client do not
# each turn into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        token = token.strip()
        if not token:
            return None
        api_token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if api_token is None or not api_token.user.is_active:
            return None
        now = timezone.now()
        if api_token.last_used is None or now - api_token.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used=now)
        request.user = api_token.user
        return api_token.user


token_auth = ApiTokenAuth()
