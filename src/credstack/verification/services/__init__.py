"""The verification app's services: pages, the API and other apps call these."""

from ..fetcher import GuardedFetcher
from .events import record_event, referrer_domain
from .public import (
    PublicCredential,
    earner_profile,
    public_credential,
    public_url,
    set_shared,
    shared_awards,
)
from .verifying import (
    MAX_INPUT_BYTES,
    Verification,
    check_identity,
    verify_credential,
    verify_input,
    verify_url,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "GuardedFetcher",
    "PublicCredential",
    "Verification",
    "check_identity",
    "earner_profile",
    "public_credential",
    "public_url",
    "record_event",
    "referrer_domain",
    "set_shared",
    "shared_awards",
    "verify_credential",
    "verify_input",
    "verify_url",
]
