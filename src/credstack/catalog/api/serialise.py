"""Model instances to the API's output shapes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ..models import Lifecycle, MicroCredential, Offering, Pathway, Stack
from ..services import AlignmentMatrix


def credential_summary(c: MicroCredential) -> dict[str, Any]:
    return {
        "id": c.pk,
        "organisation": c.organisation.slug,
        "code": c.code,
        "slug": c.slug,
        "title": c.title,
        "version": c.version,
        "status": c.status,
        "short_description": c.short_description,
        "volume_hours": c.volume_hours,
        "level": str(c.level) if c.level_id else None,
        "credit_value": c.credit_value,
        "credit_system": c.credit_system,
        "delivery_mode": c.delivery_mode,
        "language": c.language,
        "price": c.price,
        "currency": c.currency,
        "url": reverse("catalog:credential", args=[c.organisation.slug, c.slug])
        if c.status == Lifecycle.PUBLISHED
        else None,
    }


def matrix_out(matrix: AlignmentMatrix) -> dict[str, Any]:
    number = {o.pk: i + 1 for i, o in enumerate(matrix.outcomes)}
    return {
        "outcomes": [
            {"number": i + 1, "code": o.code, "text": o.text} for i, o in enumerate(matrix.outcomes)
        ],
        "criteria": [
            {
                "number": i + 1,
                "text": c.text,
                "rubric": c.rubric,
                "outcomes": sorted(number[o] for cr, o in matrix.links if cr == c.pk),
            }
            for i, c in enumerate(matrix.criteria)
        ],
        "unassessed_outcomes": [number[o.pk] for o in matrix.unassessed_outcomes],
        "untied_criteria": [matrix.criteria.index(c) + 1 for c in matrix.untied_criteria],
        "has_gaps": matrix.has_gaps,
        "gaps": matrix.describe_gaps(),
    }


def credential_detail(c: MicroCredential, matrix: AlignmentMatrix) -> dict[str, Any]:
    out = credential_summary(c)
    shaped = matrix_out(matrix)
    out.update(
        long_description=c.long_description,
        design_narrative=c.design_narrative,
        fee_waivers=c.fee_waivers,
        content_sourcing=c.content_sourcing,
        content_licence=c.content_licence,
        assessment_methods=c.assessment_methods,
        evidence_required=c.evidence_required,
        validity_months=c.validity_months,
        lineage=str(c.lineage),
        outcomes=shaped["outcomes"],
        criteria=shaped["criteria"],
        prerequisites=sorted(p.pk for p in c.prerequisites.all()),
        tags=[t.name for t in c.tags.all()],
        partners=[p.name for p in c.industry_partners.all()],
        skills=[f"{a.item.code} {a.item.title}" for a in c.alignments.all()],
        history=[
            {
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": str(e.actor) if e.actor_id else None,
                "comment": e.comment,
                "alignment_waiver": e.alignment_waiver,
                "checklist": e.checklist,
                "created_at": e.created_at,
            }
            for e in c.lifecycle_events.all()
        ],
    )
    return out


def offering_out(o: Offering) -> dict[str, Any]:
    return {
        "id": o.pk,
        "credential_id": o.credential_id,
        "title": o.title,
        "starts_on": o.starts_on,
        "ends_on": o.ends_on,
        "enrol_by": o.enrol_by,
        "capacity": o.capacity,
        "facilitator": str(o.facilitator) if o.facilitator_id else None,
        "delivery_mode": o.delivery_mode,
        "location": o.location,
        "is_open": o.is_open,
        "cancelled_at": o.cancelled_at,
        "cancellation_reason": o.cancellation_reason,
    }


def stack_out(s: Stack) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organisation": s.organisation.slug,
        "slug": s.slug,
        "title": s.title,
        "award_title": s.award_title,
        "description": s.description,
        "rule": s.rule,
        "required_count": s.required_count,
        "credit_threshold": s.credit_threshold,
        "members": [m.credential_id for m in s.memberships.all()],
    }


def pathway_out(p: Pathway) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organisation": p.organisation.slug,
        "title": p.title,
        "description": p.description,
        "from_credential_id": p.from_credential_id,
        "from_stack_id": p.from_stack_id,
        "to_credential_id": p.to_credential_id,
        "to_stack_id": p.to_stack_id,
        "external_award": p.external_award,
        "external_institution": p.external_institution,
        "external_url": p.external_url,
        "credit_granted": p.credit_granted,
    }
