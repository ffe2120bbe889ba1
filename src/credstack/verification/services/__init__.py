"""The verification app's services: pages, the API and other apps call these."""

from .events import record_event, referrer_domain
from .public import (
    PublicCredential,
    earner_profile,
    public_credential,
    set_shared,
    shared_awards,
)
from .verifying import MAX_INPUT_BYTES, Verification, check_identity, verify_input, verify_url

__all__ = [
    "MAX_INPUT_BYTES",
    "PublicCredential",
    "Verification",
    "check_identity",
    "earner_profile",
    "public_credential",
    "record_event",
    "referrer_domain",
    "set_shared",
    "shared_awards",
    "verify_input",
    "verify_url",
]
