"""Issuing a batch of awards at once: the same credential as ``issue_award``, signed faster.

``issue_award`` (services/issuing.py) builds, signs and validates one award in one
transaction, allocating its status index under the list's row lock. A bulk job cannot hold
that lock while it signs thousands of credentials (every other issuer of the organisation
would wait), so the work is split: indices are reserved on the awards in a short transaction
(runner.py), the credentials are built and signed here with no transaction open, and a second
short transaction stores them. The document is made by the same ``build_credential`` with the
same inputs, and :class:`credstack.vc.proofs.BatchSigner` computes the proof-config hash once
per batch instead of once per credential: for the same award, issue date, index and proof
``created`` time the result is byte-identical to ``issue_award``'s (tested).

Schema validation costs more than signing, and every credential of a batch has the same
structure; only free-text and generated values differ (names, narratives, hashes, dates,
ids), and the 1EdTech schema constrains none of those (its patterns and enums apply to
types, contexts and languages; formats are not asserted). So each distinct *shape* -- the
document with those values blanked, everything else kept -- is validated once per batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from credstack.catalog.models import MicroCredential
from credstack.vc.errors import VcError
from credstack.vc.model import Achievement
from credstack.vc.proofs import BatchSigner
from credstack.vc.schema import schema_errors

from ..models import Award, IssuerProfile
from ..services.credentials import build_credential, validity
from ..services.issuers import signing_key, verification_method
from ..services.rules import rule_for, validity_months
from ..services.status_lists import credential_status

# Values that differ from one credential of a batch to the next and that the schema does
# not constrain beyond "a string" (see the module docstring).
VARYING = frozenset(
    {
        "id",
        "name",
        "narrative",
        "description",
        "identityHash",
        "salt",
        "value",
        "validFrom",
        "validUntil",
        "awardedDate",
        "created",
        "proofValue",
        "statusListIndex",
    }
)


def shape(value: Any, key: str = "") -> Any:
    """``value`` with the batch-varying strings blanked: equal shapes validate alike."""
    if isinstance(value, dict):
        return tuple(sorted((k, shape(v, k)) for k, v in value.items()))
    if isinstance(value, list):
        return ("[]", tuple(shape(v, key) for v in value))
    if isinstance(value, str) and key in VARYING:
        return "…"
    return (type(value).__name__, value)


@dataclass(frozen=True)
class Signed:
    """One award's signed credential, ready to store (or the reason it could not be made)."""

    award_id: int
    credential: dict[str, Any] | None
    issued_at: datetime
    valid_until: datetime | None
    error: str = ""


class BatchIssuer:
    """Builds and signs the credentials of many awards of one credential and issuer.

    The issuer's current key is decrypted once; the rule and validity are read once. Give it
    awards whose ``status_list``/``status_index`` are reserved (see runner.reserve_indices).
    """

    def __init__(
        self, issuer: IssuerProfile, credential: MicroCredential, *, created: str | None = None
    ) -> None:
        self.issuer = issuer
        # Criteria are read once for the batch (build_credential reads them through this
        # instance), and the Achievement is built once per variant (with or without result).
        self.credential = MicroCredential.objects.prefetch_related("criteria").get(pk=credential.pk)
        self.achievements: dict[bool, Achievement] = {}
        self.shapes: dict[Any, str] = {}
        self.rule = rule_for(credential)
        self.months = validity_months(self.rule, credential)
        key_row, key = signing_key(issuer)
        self.signer = BatchSigner(
            key, verification_method(issuer, key_row.public_multibase), created=created
        )

    def document(self, award: Award, issued_at: datetime) -> dict[str, Any]:
        """The unsigned credential of ``award``: exactly what ``issue_award`` would build."""
        assert award.status_list is not None and award.status_index is not None
        # Share the issuer and product instances so their related rows (criteria, parent
        # issuer) are read once per batch, not once per award.
        award.issuer = self.issuer
        award.credential = self.credential
        return build_credential(
            award,
            self.rule,
            issued_at=issued_at,
            valid_until=validity(issued_at, self.months),
            status=credential_status(self.issuer, award.status_list, award.status_index),
            achievements=self.achievements,
        )

    def sign(self, award: Award, issued_at: datetime | None = None) -> Signed:
        """Build, sign and schema-check one award's credential (no database writes)."""
        moment = (issued_at or timezone.now()).replace(microsecond=0)
        until = validity(moment, self.months)
        try:
            signed = self.signer.sign(self.document(award, moment))
        except VcError as e:
            return Signed(award.pk, None, moment, until, f"The credential could not be signed: {e}")
        error = self._schema_error(signed)
        if error:
            return Signed(award.pk, None, moment, until, error)
        return Signed(award.pk, signed, moment, until)

    def _schema_error(self, signed: dict[str, Any]) -> str:
        key = shape(signed)
        if key not in self.shapes:
            violations = schema_errors(signed)
            shown = "; ".join(f"{v.path}: {v.message}" for v in violations[:5])
            self.shapes[key] = f"The credential does not meet the schema: {shown}" if shown else ""
        return self.shapes[key]
