"""Release rules: which triggers may issue a credential, whether QA approves, what goes in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db import transaction

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.problems import InvalidInput, NotFound

from ..models import AwardSource, EvidenceSharing, ReleaseRule
from ..models.rules import default_sources
from .access import RULE_ROLES, require

MAX_VALIDITY_MONTHS = 600


@dataclass(frozen=True)
class RuleInput:
    allowed_sources: list[str] = field(default_factory=default_sources)
    requires_approval: bool = True
    validity_months: int | None = None
    evidence_sharing: str = EvidenceSharing.NONE.value
    include_result: bool = True


def latest_credential(lineage: UUID | str) -> MicroCredential:
    """The newest version of a catalogue product (what its awards describe)."""
    credential = (
        MicroCredential.objects.filter(lineage=lineage).order_by("-version").first()
        if _is_uuid(lineage)
        else None
    )
    if credential is None:
        raise NotFound(f"There is no micro-credential “{lineage}”.", code="CREDENTIAL_NOT_FOUND")
    return credential


def _is_uuid(value: UUID | str) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def rule_for(credential: MicroCredential) -> ReleaseRule:
    """The credential's rule, or an unsaved one with the defaults when none was set."""
    rule = ReleaseRule.objects.filter(credential_lineage=credential.lineage).first()
    return rule or ReleaseRule(
        credential_lineage=credential.lineage, organisation_id=credential.organisation_id
    )


def _check(data: RuleInput) -> None:
    unknown = [s for s in data.allowed_sources if s not in AwardSource.values]
    if unknown:
        raise InvalidInput(
            f"Unknown trigger(s): {', '.join(map(str, unknown))}. "
            f"Choose from {', '.join(AwardSource.values)}.",
            code="RULE_SOURCE_UNKNOWN",
        )
    if data.evidence_sharing not in EvidenceSharing.values:
        raise InvalidInput(
            f"Evidence sharing must be one of {', '.join(EvidenceSharing.values)}.",
            code="RULE_EVIDENCE_INVALID",
        )
    if data.validity_months is not None and not 1 <= data.validity_months <= MAX_VALIDITY_MONTHS:
        raise InvalidInput(
            f"The validity period must be 1 to {MAX_VALIDITY_MONTHS} months, or empty.",
            code="RULE_VALIDITY_INVALID",
        )


@transaction.atomic
def save_release_rule(actor: User, credential: MicroCredential, data: RuleInput) -> ReleaseRule:
    """Create or change the release rule of ``credential``'s lineage (audited)."""
    require(actor, credential.organisation_id, RULE_ROLES)
    _check(data)
    rule = (
        ReleaseRule.objects.select_for_update()
        .filter(credential_lineage=credential.lineage)
        .first()
    )
    before = snapshot(rule) if rule is not None else None
    if rule is None:
        rule = ReleaseRule(
            credential_lineage=credential.lineage, organisation_id=credential.organisation_id
        )
    rule.allowed_sources = sorted(set(data.allowed_sources))
    rule.requires_approval = data.requires_approval
    rule.validity_months = data.validity_months
    rule.evidence_sharing = data.evidence_sharing
    rule.include_result = data.include_result
    rule.updated_by = actor
    rule.save()
    record(
        actor,
        "issuance.rule.updated" if before else "issuance.rule.created",
        rule,
        organisation=credential.organisation,
        before=before,
        after=snapshot(rule),
    )
    return rule


def validity_months(rule: ReleaseRule, credential: MicroCredential) -> int | None:
    """The rule's validity period, else the catalogue product's, else none (no expiry)."""
    return rule.validity_months or credential.validity_months or None
