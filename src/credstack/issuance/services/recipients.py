"""Who an award is for: an e-mail address, a DID, or both, normalised to one key."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from credstack.problems import InvalidInput

# did:key and did:web are what earners' wallets hold (OB3-BRIEF §2.5); the syntax is DID 1.0
# §3.1 with the method-specific id restricted to the characters those methods use.
_DID = re.compile(r"^did:(key|web):[A-Za-z0-9._%:\-]{1,400}$")


@dataclass(frozen=True)
class RecipientInput:
    email: str = ""
    name: str = ""
    did: str = ""


@dataclass(frozen=True)
class Recipient:
    key: str
    email: str
    name: str
    did: str


def normalise_recipient(data: RecipientInput) -> Recipient:
    """Check the recipient and derive its key: the DID when given, else the lower-cased email.

    Raises ``InvalidInput`` (``RECIPIENT_MISSING``, ``RECIPIENT_EMAIL_INVALID``,
    ``RECIPIENT_DID_INVALID``) naming the bad value.
    """
    recipient = normalised(data)
    email, did = recipient.email, recipient.did
    if not email and not did:
        raise InvalidInput("Give the recipient's email address or DID.", code="RECIPIENT_MISSING")
    if email:
        try:
            validate_email(email)
        except ValidationError as e:
            raise InvalidInput(
                f"“{email[:100]}” is not an email address.", code="RECIPIENT_EMAIL_INVALID"
            ) from e
    if did and not _DID.match(did):
        raise InvalidInput(
            f"“{did[:100]}” is not a did:key or did:web identifier.", code="RECIPIENT_DID_INVALID"
        )
    return recipient


def normalised(data: RecipientInput) -> Recipient:
    """The recipient of ``data`` normalised as :func:`normalise_recipient` does, unchecked.

    For input checked before (a bulk row validated at upload); anything else goes through
    :func:`normalise_recipient`.
    """
    email = (data.email or "").strip().lower()
    did = (data.did or "").strip()
    name = (data.name or "").strip()[:200]
    return Recipient(key=did or email, email=email, name=name, did=did)
