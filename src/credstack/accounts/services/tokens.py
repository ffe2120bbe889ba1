"""Personal API tokens: create (shown once), list, revoke, and resolve a presented token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from credstack.problems import InvalidInput, NotFound

from ..models import ApiToken, User

TOKEN_PREFIX = "cst_"
MAX_ACTIVE_TOKENS = 50


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A freshly created token: ``secret`` exists only here and is never stored."""

    token: ApiToken
    secret: str


def create_token(user: User, name: str) -> NewToken:
    """Create a personal API token for ``user``; the secret is returned once and stored hashed."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(
            "Give the token a name of 1 to 100 characters.", code="TOKEN_NAME_INVALID"
        )
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise InvalidInput(
                f"You already have {active} active tokens; revoke one first.",
                code="TOKEN_LIMIT_REACHED",
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6], digest=_digest(secret)
        )
    return NewToken(token=token, secret=secret)


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens (revoking twice is harmless); others' tokens are 404."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise NotFound(f"You have no API token with id {token_id}.", code="TOKEN_NOT_FOUND")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def user_for_token(secret: str) -> User | None:
    """Return the active user a presented token belongs to, or None for any unknown token."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Only write when the recorded time is stale, so busy clients do not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
