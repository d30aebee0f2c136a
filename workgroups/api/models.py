"""API tokens: what `Authorization: Bearer <token>` is checked against."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "wg_"


def hash_key(key: str) -> str:
    """The stored form of a token. Keys are random (256 bits), so one SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A user's key to the write API. Only its hash is kept: a lost key cannot be shown again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self):
        return f"API token of {self.user} created {self.created:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user) -> tuple["ApiToken", str]:
        """A new token for `user`: the row, and the key to hand over (shown only now)."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, key_hash=hash_key(key)), key
