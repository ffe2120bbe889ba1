"""The accounts app's service functions (each runs in one transaction)."""

from .organisations import add_member, change_role, grant_role, remove_membership
from .people import password_reset_url, sign_up, update_profile
from .tokens import NewToken, create_token, revoke_token, user_for_token

__all__ = [
    "NewToken",
    "add_member",
    "change_role",
    "create_token",
    "grant_role",
    "password_reset_url",
    "remove_membership",
    "revoke_token",
    "sign_up",
    "update_profile",
    "user_for_token",
]
