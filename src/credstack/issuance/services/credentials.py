"""Build the unsigned OpenBadgeCredential for an award (OB 3.0 §B.1; OB3-BRIEF §1, §2.6).

The document is made with credstack.vc.model's builders, which write arrays wherever the
1EdTech schema wants them and add ``extensions.json`` to ``@context`` when a 1EdTech type
(the schema validator entry) is used. Only terms defined by the OB 3.0 context are written,
so the document canonicalises under RDFC-1.0 without dropping anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from credstack.catalog.models import MicroCredential
from credstack.vc.model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Criteria,
    Evidence,
    Image,
    Profile,
    Result,
    ResultDescription,
    format_datetime,
)

from ..models import Award, EvidenceSharing, IssuerProfile, ReleaseRule, effective_evidence_sharing
from .issuers import absolute, profile_json

SCHEMA_ENTRY = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
# OB 3.0 AchievementType enumeration; anything else is written as an ``ext:`` term (OB 3.0
# §"Extending Enumerated Vocabularies").
ACHIEVEMENT_TYPES = frozenset(
    "Achievement ApprenticeshipCertificate Assessment Assignment AssociateDegree Award Badge "
    "BachelorDegree Certificate CertificateOfCompletion Certification CommunityService "
    "Competency Course CoCurricular Degree Diploma DoctoralDegree Fieldwork "
    "GeneralEducationDevelopment JourneymanCertificate LearningProgram License Membership "
    "ProfessionalDoctorate QualityAssuranceCredential MasterCertificate MasterDegree "
    "MicroCredential ResearchDoctorate SecondarySchoolDiploma".split()
)


def achievement_url(issuer: IssuerProfile, credential: MicroCredential) -> str:
    """The stable id of a product's Achievement: one per lineage, across versions."""
    return absolute(f"/issuers/{issuer.slug}/achievements/{credential.lineage}")


def badge_image_renderer() -> Callable[[MicroCredential], bytes] | None:
    """The design app's badge renderer, when it provides one (issuance uses design)."""
    try:
        module = importlib.import_module("credstack.design.services")
    except ModuleNotFoundError:
        return None
    renderer = getattr(module, "achievement_badge_png", None)
    return renderer if callable(renderer) else None


def _achievement_type(value: str) -> str:
    if value in ACHIEVEMENT_TYPES or value.startswith("ext:"):
        return value
    name = "".join(ch for ch in value.title() if ch.isalnum())
    return f"ext:{name}" if name else "MicroCredential"


def _criteria(credential: MicroCredential) -> Criteria:
    items = [c.text.strip() for c in credential.criteria.all() if c.text.strip()]
    if not items:
        return Criteria(narrative=credential.evidence_required or credential.short_description)
    lines = ["The earner was assessed as meeting every criterion:", ""]
    lines += [f"{n}. {text}" for n, text in enumerate(items, start=1)]
    return Criteria(narrative="\n".join(lines))


def _alignments(credential: MicroCredential) -> list[Alignment]:
    try:
        skills = importlib.import_module("credstack.skills.services")
    except ModuleNotFoundError:
        return []
    build = getattr(skills, "achievement_alignments", None)
    if build is None:
        return []
    return [Alignment.from_json(entry) for entry in build(credential)]


def build_achievement(
    issuer: IssuerProfile, credential: MicroCredential, *, with_result: bool
) -> Achievement:
    achievement_id = achievement_url(issuer, credential)
    image = None
    if badge_image_renderer() is not None:
        image = Image(id=f"{achievement_id}/image.png", caption=f"Badge: {credential.title}")
    return Achievement(
        id=achievement_id,
        name=credential.title,
        description=credential.short_description or credential.title,
        criteria=_criteria(credential),
        achievement_type=_achievement_type(credential.achievement_type or "MicroCredential"),
        alignment=_alignments(credential),
        credits_available=float(credential.credit_value) if credential.credit_value else None,
        human_code=credential.code or None,
        image=image,
        in_language=credential.language or None,
        version=str(credential.version),
        result_description=(
            [
                ResultDescription(
                    id=f"{achievement_id}#result", name="Assessment result", result_type="Result"
                )
            ]
            if with_result
            else []
        ),
    )


def result_text(result: Any) -> str | None:
    """The value an award's stored ``result`` puts in the credential, or None."""
    if isinstance(result, dict) and result.get("value") not in (None, ""):
        return str(result["value"])[:200]
    return None


def _result_value(award: Award) -> str | None:
    text = result_text(award.result)
    if text is not None:
        return text
    if award.submission_id is not None:
        result = getattr(award.submission, "result", None)
        if result is not None:
            return str(result.get_decision_display())
    return None


def evidence_for(award: Award, rule: ReleaseRule) -> list[Evidence]:
    """Evidence, as far as the owner allows (rule) and the earner consented (award)."""
    sharing = effective_evidence_sharing(rule.evidence_sharing, award.evidence_consent)
    if sharing == EvidenceSharing.NONE:
        return []
    embed = sharing == EvidenceSharing.EMBED
    out: list[Evidence] = []
    if award.evidence_url:
        out.append(
            Evidence(
                id=award.evidence_url,
                name="Evidence",
                narrative=(award.narrative or None) if embed else None,
            )
        )
    if award.submission is not None:
        for answer in award.submission.answers.select_related("task").order_by("task__position"):
            name = answer.task.prompt.strip().splitlines()[0][:200] if answer.task.prompt else None
            if answer.url:
                out.append(Evidence(id=answer.url, name=name, genre="Assessment evidence"))
            if embed and answer.text.strip():
                out.append(
                    Evidence(narrative=answer.text.strip(), name=name, genre="Assessment response")
                )
    return out


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    days = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


def validity(issued_at: datetime, months: int | None) -> datetime | None:
    return _add_months(issued_at, months) if months else None


def build_credential(
    award: Award,
    rule: ReleaseRule,
    *,
    issued_at: datetime,
    valid_until: datetime | None,
    status: dict[str, Any],
    achievements: dict[bool, Achievement] | None = None,
) -> dict[str, Any]:
    """The unsigned credential document of ``award`` (no proof yet).

    ``achievements`` is a cache shared by a batch of awards of one product (bulk issuance):
    the Achievement is built once per batch instead of once per award.
    """
    credential = award.credential
    result_value = _result_value(award) if rule.include_result else None
    with_result = result_value is not None
    achievement = (achievements or {}).get(with_result) or build_achievement(
        award.issuer, credential, with_result=with_result
    )
    if achievements is not None:
        achievements[with_result] = achievement
    results = (
        [Result(result_description=f"{achievement.id}#result", value=result_value)]
        if result_value is not None
        else []
    )
    subject_fields: dict[str, Any] = {"achievement": achievement, "result": results}
    if award.narrative:
        subject_fields["narrative"] = award.narrative
    if credential.credit_value:
        subject_fields["credits_earned"] = float(credential.credit_value)
    if award.recipient_did:
        subject = AchievementSubject(id=award.recipient_did, **subject_fields)
    else:
        subject = AchievementSubject.for_email(award.recipient_email, **subject_fields)
    document = AchievementCredential.create(
        id=f"urn:uuid:{award.credential_uuid}",
        issuer=Profile.from_json(profile_json(award.issuer)),
        name=credential.title,
        description=credential.short_description or None,
        valid_from=format_datetime(issued_at),
        valid_until=format_datetime(valid_until) if valid_until else None,
        awarded_date=format_datetime(issued_at),
        credential_subject=subject,
        evidence=evidence_for(award, rule),
        credential_status=status,
        credential_schema=[dict(SCHEMA_ENTRY)],
    )
    return document.to_json()
