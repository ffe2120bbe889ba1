"""Issuing a batch of awards at once: the same credential as ``issue_award``, made faster.

``issue_award`` (services/issuing.py) builds, signs and validates one award in one
transaction, allocating its status index under the list's row lock. A bulk job cannot hold
that lock while it signs thousands of credentials (every other issuer of the organisation
would wait), so the work is split: indices are reserved on the awards in a short transaction
(batch.py), the credentials are built and signed here with no transaction open, and a second
short transaction stores them.

Three things are done once per batch instead of once per award:

* The proof configuration's canonical hash (:class:`credstack.vc.proofs.BatchSigner`).
* The document's constant part. The credentials of a batch differ only in per-award leaves:
  the id, the dates, the status entry, the subject's identity, narrative and result value,
  and the evidence. Awards that have the same *variant* -- which of those optional parts are
  present -- get documents with the same keys in the same order, so the first award of each
  variant is built in full by ``build_credential`` and the others are that document with
  their own leaves put in (:meth:`BatchIssuer.document`). For the same award, issue date,
  index and proof ``created`` time, the result is byte-identical to ``issue_award``'s
  (tested for every variant).
* The 1EdTech schema check. Documents of one variant differ only in strings the schema does
  not constrain beyond "a string" (its patterns and enums apply to types, contexts and
  languages), so each variant's first signed document is validated and the verdict applies
  to its variant.

An award made from an assessment submission (evidence read from its answers) is always built
in full and validated on its own; bulk jobs never have those.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from credstack.catalog.models import MicroCredential
from credstack.vc.errors import VcError
from credstack.vc.model import Achievement, format_datetime, hash_identity
from credstack.vc.proofs import BatchSigner
from credstack.vc.schema import schema_errors

from ..models import Award, EvidenceSharing, IssuerProfile
from ..services.credentials import (
    build_credential,
    evidence_for,
    result_text,
    validity,
)
from ..services.issuers import signing_key, verification_method
from ..services.rules import rule_for, validity_months
from ..services.status_lists import Purpose, list_url, status_entry


@dataclass(frozen=True, slots=True)
class AwardFacts:
    """What an award's credential is made from, read once from its row."""

    pk: int
    credential_uuid: uuid.UUID
    recipient_email: str
    recipient_did: str
    narrative: str
    evidence_url: str
    evidence_consent: str
    result: Any
    list_sequence: int
    status_index: int

    @classmethod
    def of(cls, award: Award) -> AwardFacts:
        assert award.status_list is not None and award.status_index is not None
        return cls(
            pk=award.pk,
            credential_uuid=award.credential_uuid,
            recipient_email=award.recipient_email,
            recipient_did=award.recipient_did,
            narrative=award.narrative,
            evidence_url=award.evidence_url,
            evidence_consent=award.evidence_consent,
            result=award.result,
            list_sequence=award.status_list.sequence,
            status_index=award.status_index,
        )


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
    awards whose status list and index are reserved (batch.claim_chunk). Documents of one
    batch share their constant parts (the issuer, the achievement): treat them as read-only.
    """

    def __init__(
        self, issuer: IssuerProfile, credential: MicroCredential, *, created: str | None = None
    ) -> None:
        self.issuer = issuer
        # Criteria are read once for the batch (build_credential reads them through this
        # instance), and the Achievement is built once per variant (with or without result).
        self.credential = MicroCredential.objects.prefetch_related("criteria").get(pk=credential.pk)
        self.achievements: dict[bool, Achievement] = {}
        self.rule = rule_for(credential)
        self.months = validity_months(self.rule, credential)
        key_row, key = signing_key(issuer)
        self.signer = BatchSigner(
            key, verification_method(issuer, key_row.public_multibase), created=created
        )
        self._bases: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._verdicts: dict[tuple[Any, ...], str] = {}
        self._list_urls: dict[int, str] = {}
        self._moments: dict[datetime, tuple[datetime | None, str, str | None]] = {}

    # -- building -------------------------------------------------------------------------

    def _status(self, sequence: int, index: int) -> dict[str, str]:
        url = self._list_urls.get(sequence)
        if url is None:
            url = self._list_urls[sequence] = list_url(self.issuer, Purpose.REVOCATION, sequence)
        return status_entry(url, index, "revocation")

    def _award(self, facts: AwardFacts) -> Award:
        """An unsaved award carrying ``facts``, for ``build_credential`` and its helpers."""
        return Award(
            pk=facts.pk,
            credential=self.credential,
            issuer=self.issuer,
            credential_uuid=facts.credential_uuid,
            recipient_email=facts.recipient_email,
            recipient_did=facts.recipient_did,
            narrative=facts.narrative,
            evidence_url=facts.evidence_url,
            evidence_consent=facts.evidence_consent,
            result=facts.result,
        )

    def _evidence(self, facts: AwardFacts) -> list[dict[str, Any]]:
        if not facts.evidence_url or facts.evidence_consent == EvidenceSharing.NONE:
            return []
        return [e.to_json() for e in evidence_for(self._award(facts), self.rule)]

    def document(self, award: Award | AwardFacts, issued_at: datetime) -> dict[str, Any]:
        """The unsigned credential of ``award``: exactly what ``issue_award`` would build."""
        if isinstance(award, Award):
            if award.submission_id is not None:
                return self._built(award, issued_at)
            award = AwardFacts.of(award)
        return self._document(award, issued_at)[0]

    def _built(self, award: Award, issued_at: datetime) -> dict[str, Any]:
        """Built in full (an award with a submission: evidence comes from its answers)."""
        assert award.status_list is not None and award.status_index is not None
        award.issuer, award.credential = self.issuer, self.credential
        return build_credential(
            award,
            self.rule,
            issued_at=issued_at,
            valid_until=validity(issued_at, self.months),
            status=self._status(award.status_list.sequence, award.status_index),
            achievements=self.achievements,
        )

    def _document(
        self, facts: AwardFacts, issued_at: datetime
    ) -> tuple[dict[str, Any], tuple[Any, ...]]:
        until = self._moment(issued_at)[0]
        status = self._status(facts.list_sequence, facts.status_index)
        result = result_text(facts.result) if self.rule.include_result else None
        evidence = self._evidence(facts)
        variant = (
            bool(facts.recipient_did),
            bool(facts.narrative),
            result is not None,
            until is not None,
            tuple(tuple(entry) for entry in evidence),
        )
        base = self._bases.get(variant)
        if base is None:
            base = build_credential(
                self._award(facts),
                self.rule,
                issued_at=issued_at,
                valid_until=until,
                status=status,
                achievements=self.achievements,
            )
            self._bases[variant] = base
            return base, variant
        document = dict(base)
        document["id"] = f"urn:uuid:{facts.credential_uuid}"
        _until, issued_text, until_text = self._moment(issued_at)
        document["validFrom"] = document["awardedDate"] = issued_text
        if until_text is not None:
            document["validUntil"] = until_text
        document["credentialStatus"] = status
        if evidence:
            document["evidence"] = evidence
        subject = dict(base["credentialSubject"])
        if facts.recipient_did:
            subject["id"] = facts.recipient_did
        else:
            salt = secrets.token_hex(16)
            identity = hash_identity(facts.recipient_email.strip().lower(), salt)
            subject["identifier"] = [
                {**subject["identifier"][0], "identityHash": identity, "salt": salt}
            ]
        if facts.narrative:
            subject["narrative"] = facts.narrative
        if result is not None:
            subject["result"] = [{**subject["result"][0], "value": result}]
        document["credentialSubject"] = subject
        return document, variant

    def _moment(self, issued_at: datetime) -> tuple[datetime | None, str, str | None]:
        """An issue moment's end of validity, and both as the document writes them (a
        chunk's awards mostly share one moment)."""
        known = self._moments.get(issued_at)
        if known is None:
            if len(self._moments) >= 256:
                self._moments.clear()
            until = validity(issued_at, self.months)
            text = None if until is None else format_datetime(until)
            known = self._moments[issued_at] = (until, format_datetime(issued_at), text)
        return known

    # -- signing --------------------------------------------------------------------------

    def sign(self, award: Award | AwardFacts, issued_at: datetime | None = None) -> Signed:
        """Build, sign and schema-check one award's credential (no database writes)."""
        moment = (issued_at or timezone.now()).replace(microsecond=0)
        until = self._moment(moment)[0]
        variant: tuple[Any, ...] | None = None
        if isinstance(award, Award) and award.submission_id is not None:
            document = self._built(award, moment)
        else:
            facts = award if isinstance(award, AwardFacts) else AwardFacts.of(award)
            document, variant = self._document(facts, moment)
        try:
            signed = self.signer.sign(document)
        except VcError as e:
            return Signed(award.pk, None, moment, until, f"The credential could not be signed: {e}")
        error = self._schema_error(signed, variant)
        if error:
            return Signed(award.pk, None, moment, until, error)
        return Signed(award.pk, signed, moment, until)

    def _schema_error(self, signed: dict[str, Any], variant: tuple[Any, ...] | None) -> str:
        if variant is not None and variant in self._verdicts:
            return self._verdicts[variant]
        violations = schema_errors(signed)
        shown = "; ".join(f"{v.path}: {v.message}" for v in violations[:5])
        verdict = f"The credential does not meet the schema: {shown}" if shown else ""
        if variant is not None:
            self._verdicts[variant] = verdict
        return verdict
