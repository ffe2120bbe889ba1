"""Designing a product: create and edit a draft credential, and version a published one.

"Published products are versioned, not silently edited": editing a published credential makes
a new draft (same lineage, version + 1) carrying over everything, which goes through review
again; publishing it retires the old version (see :mod:`.lifecycle`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, Role, User
from credstack.accounts.permissions import require_role
from credstack.problems import Conflict, InvalidInput
from credstack.skills.services import copy_alignments

from ..models import (
    AssessmentCriterion,
    LearningOutcome,
    Level,
    Lifecycle,
    MicroCredential,
    Tag,
)
from .inputs import SCALAR_FIELDS, CredentialInput
from .prerequisites import check_prerequisites

MAX_OUTCOMES = 30
MAX_CRITERIA = 60


def _problem_from_validation(error: ValidationError) -> InvalidInput:
    errors = [
        {"loc": [name], "msg": message, "type": "value_error"}
        for name, messages in error.message_dict.items()
        for message in messages
    ]
    first = errors[0]
    return InvalidInput(f"{first['loc'][0]}: {first['msg']}", errors=errors)


def _check_document(organisation: Organisation, data: CredentialInput) -> None:
    if not data.title.strip():
        raise InvalidInput("title: give the credential a title.")
    if len(data.outcomes) > MAX_OUTCOMES or len(data.criteria) > MAX_CRITERIA:
        raise InvalidInput(
            f"A micro-credential has at most {MAX_OUTCOMES} outcomes and {MAX_CRITERIA} criteria."
        )
    for number, outcome in enumerate(data.outcomes, start=1):
        if not outcome.text.strip():
            raise InvalidInput(f"outcomes.{number}: an outcome needs text.")
    for number, criterion in enumerate(data.criteria, start=1):
        if not criterion.text.strip():
            raise InvalidInput(f"criteria.{number}: a criterion needs text.")
        for position in criterion.outcome_positions:
            if not 0 <= position < len(data.outcomes):
                raise InvalidInput(
                    f"criteria.{number}: it links to outcome {position + 1}, "
                    f"but there are {len(data.outcomes)} outcomes.",
                    code="UNKNOWN_OUTCOME",
                )
    if data.level_id is not None and not Level.objects.filter(pk=data.level_id).exists():
        raise InvalidInput(f"level_id: there is no level {data.level_id}.")
    partners = set(data.partner_ids)
    if partners:
        known = set(Organisation.objects.filter(pk__in=partners).values_list("pk", flat=True))
        if partners - known:
            raise InvalidInput(f"partner_ids: unknown organisation(s) {sorted(partners - known)}.")


def _unique_slug(organisation: Organisation, title: str, lineage: Any) -> str:
    base = slugify(title)[:100] or "credential"
    taken = set(
        MicroCredential.objects.filter(organisation=organisation, slug__startswith=base)
        .exclude(lineage=lineage)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _write(credential: MicroCredential, data: CredentialInput) -> None:
    """Save the attributes and replace outcomes, criteria and the many-to-many links."""
    for name in SCALAR_FIELDS:
        setattr(credential, name, getattr(data, name))
    if not credential.slug or credential.version == 1:
        credential.slug = _unique_slug(credential.organisation, data.title, credential.lineage)
    try:
        credential.full_clean(exclude=["author", "previous_version"])
    except ValidationError as e:
        raise _problem_from_validation(e) from e
    credential.save()
    check_prerequisites(credential, data.prerequisite_ids)

    credential.criteria.all().delete()
    credential.outcomes.all().delete()
    outcomes = LearningOutcome.objects.bulk_create(
        LearningOutcome(credential=credential, position=i, code=o.code or f"LO{i + 1}", text=o.text)
        for i, o in enumerate(data.outcomes)
    )
    criteria = AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(credential=credential, position=i, text=c.text, rubric=c.rubric)
        for i, c in enumerate(data.criteria)
    )
    links = AssessmentCriterion.outcomes.through
    links.objects.bulk_create(
        links(assessmentcriterion_id=criterion.pk, learningoutcome_id=outcomes[p].pk)
        for criterion, given in zip(criteria, data.criteria, strict=True)
        for p in sorted(set(given.outcome_positions))
    )
    credential.prerequisites.set(data.prerequisite_ids)
    credential.industry_partners.set(data.partner_ids)
    tags = []
    for name in dict.fromkeys(t.strip() for t in data.tags if t.strip()):
        slug = slugify(name)[:60]
        if not slug:
            continue
        tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:60]})
        tags.append(tag)
    credential.tags.set(tags)


def _document_snapshot(credential: MicroCredential) -> dict[str, Any]:
    data = snapshot(credential)
    data["outcomes"] = list(credential.outcomes.values_list("text", flat=True))
    data["criteria"] = list(credential.criteria.values_list("text", flat=True))
    data["prerequisites"] = sorted(credential.prerequisites.values_list("pk", flat=True))
    return data


@transaction.atomic
def create_credential(
    actor: User, organisation: Organisation, data: CredentialInput
) -> MicroCredential:
    """Create a draft micro-credential at ``organisation`` (designers only).

    Audited as ``catalog.credential.created``.
    """
    require_role(actor, organisation, Role.DESIGNER)
    _check_document(organisation, data)
    credential = MicroCredential(organisation=organisation, author=actor, status=Lifecycle.DRAFT)
    _write(credential, data)
    record(actor, "catalog.credential.created", credential, after=_document_snapshot(credential))
    return credential


@transaction.atomic
def update_credential(
    actor: User, credential: MicroCredential, data: CredentialInput
) -> MicroCredential:
    """Edit a draft; editing a published credential makes and edits its next version instead.

    Returns the credential that now holds the edit (the new version, when one was made).
    Products in review or approved are locked until returned to draft. Audited as
    ``catalog.credential.updated`` (and ``catalog.credential.versioned``).
    """
    require_role(actor, credential.organisation_id, Role.DESIGNER)
    credential = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.status == Lifecycle.PUBLISHED:
        credential = start_new_version(actor, credential)
    elif credential.status != Lifecycle.DRAFT:
        raise Conflict(
            f"{credential.code} v{credential.version} is {credential.get_status_display().lower()}; "
            "only drafts can be edited. Ask the reviewer to return it to draft first.",
            code="CREDENTIAL_LOCKED",
        )
    if data.code != credential.code and credential.version > 1:
        raise InvalidInput("code: a new version keeps its lineage's code.", code="CODE_FIXED")
    _check_document(credential.organisation, data)
    before = _document_snapshot(credential)
    _write(credential, data)
    record(
        actor,
        "catalog.credential.updated",
        credential,
        before=before,
        after=_document_snapshot(credential),
    )
    return credential


@transaction.atomic
def start_new_version(actor: User, published: MicroCredential) -> MicroCredential:
    """Copy a published credential into a new draft version (same lineage, version + 1).

    Copies outcomes, criteria with their outcome links, skills alignments, tags, prerequisites
    and partners. Refused with ``DRAFT_VERSION_EXISTS`` when a newer version is already being
    worked on, so two designers do not fork one product. Audited as
    ``catalog.credential.versioned``.
    """
    require_role(actor, published.organisation_id, Role.DESIGNER)
    published = MicroCredential.objects.select_for_update().get(pk=published.pk)
    if published.status != Lifecycle.PUBLISHED:
        raise Conflict("Only a published credential gets a new version.", code="NOT_PUBLISHED")
    newer = (
        MicroCredential.objects.filter(lineage=published.lineage, version__gt=published.version)
        .order_by("-version")
        .first()
    )
    if newer is not None:
        raise Conflict(
            f"Version {newer.version} of {published.code} already exists "
            f"({newer.get_status_display().lower()}); edit that one.",
            code="DRAFT_VERSION_EXISTS",
        )
    draft = MicroCredential.objects.get(pk=published.pk)
    draft.pk = None
    draft.id = None
    draft.version = published.version + 1
    draft.previous_version = published
    draft.status = Lifecycle.DRAFT
    draft.author = actor
    draft.published_at = None
    draft.retired_at = None
    draft.save()
    outcome_map: dict[int, LearningOutcome] = {}
    for outcome in published.outcomes.all():
        old_pk = outcome.pk
        outcome.pk = None
        outcome.credential = draft
        outcome.save()
        outcome_map[old_pk] = outcome
    for criterion in published.criteria.prefetch_related("outcomes"):
        linked = [outcome_map[o.pk] for o in criterion.outcomes.all()]
        criterion.pk = None
        criterion.credential = draft
        criterion.save()
        criterion.outcomes.set(linked)
    copy_alignments(published, draft, actor)
    draft.tags.set(published.tags.all())
    draft.prerequisites.set(published.prerequisites.all())
    draft.industry_partners.set(published.industry_partners.all())
    record(
        actor,
        "catalog.credential.versioned",
        draft,
        before={"version": published.version, "id": published.pk},
        after={"version": draft.version, "id": draft.pk},
    )
    return draft
