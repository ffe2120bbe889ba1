"""CLR 2.0 for stacks: a signed ``ClrCredential`` once an earner's awards complete a stack.

CLR 2.0 (OB3-BRIEF §10) bundles complete, individually signed credentials in the subject's
``verifiableCredential``; each still verifies on its own. The stack itself is an
``Achievement`` (type ``LearningProgram``) in the subject's ``achievement`` list, published at
``/clr/stacks/<slug>``, and each unit's achievement ``isPartOf`` it (an ``Association``). The
stack's organisation is the CLR publisher: its issuer profile's current key signs the bundle
(eddsa-rdfc-2022, like every credential it issues).

Completion is the catalogue's rule (:func:`credstack.catalog.services.stack_progress`) over the
earner's issued, unexpired awards. A CLR is issued at most once per (earner, stack, set of
awards): asking again returns the same record until the set changes (a new award, a
recertification), when a new CLR is issued beside the old one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from credstack.accounts.audit import record
from credstack.accounts.models import User
from credstack.catalog.models import Stack, StackMember
from credstack.catalog.services import StackProgress, stack_progress
from credstack.issuance.models import Award, AwardStatus, IssuerProfile
from credstack.issuance.services import (
    issuer_for,
    profile_json,
    signing_key,
    verification_method,
)
from credstack.problems import Conflict, InvalidInput, NotFound
from credstack.vc.errors import VcError
from credstack.vc.model import (
    Achievement,
    Association,
    ClrCredential,
    Criteria,
    IdentityObject,
    Profile,
    format_datetime,
    hash_identity,
)
from credstack.vc.proofs import sign

from ..models import IssuedClr


def stack_achievement_url(stack: Stack) -> str:
    return f"{str(settings.BASE_URL).rstrip('/')}/clr/stacks/{stack.slug}"


def _rule_text(stack: Stack) -> str:
    if stack.rule == Stack.Rule.CREDIT_THRESHOLD:
        return f"Earn at least {stack.credit_threshold} credits from the credentials of the stack."
    if stack.rule == Stack.Rule.N_OF:
        return f"Earn any {stack.required_count} of the credentials of the stack."
    return "Earn every credential of the stack."


def stack_achievement(stack: Stack) -> Achievement:
    """The stack as a CLR 2.0 / OB 3.0 ``Achievement`` (what the bundled units are part of)."""
    return Achievement(
        id=stack_achievement_url(stack),
        name=stack.award_title,
        description=stack.description or f"The {stack.title} stack of micro-credentials.",
        criteria=Criteria(narrative=_rule_text(stack)),
        achievement_type="LearningProgram",
    )


def public_stack(slug: str) -> Stack:
    stack = Stack.objects.filter(slug=slug).first()
    if stack is None:
        raise NotFound("There is no such stack.", code="STACK_NOT_FOUND")
    return stack


def _current_awards(user: User) -> QuerySet[Award]:
    now = timezone.now()
    return (
        Award.objects.filter(
            recipient_user=user, status=AwardStatus.ISSUED, credential_json__isnull=False
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .select_related("credential")
        .order_by("-issued_at", "-pk")
    )


@dataclass(slots=True)
class StackCompletion:
    """One stack an earner has started: progress, the awards that count, any CLRs issued."""

    stack: Stack
    progress: StackProgress
    awards: list[Award] = field(default_factory=list)
    clr: IssuedClr | None = None


def _award_set(awards: list[Award]) -> str:
    joined = "\n".join(sorted(str(a.credential_uuid) for a in awards))
    return hashlib.sha256(joined.encode()).hexdigest()


def stack_completions(user: User) -> list[StackCompletion]:
    """Every stack holding one of ``user``'s current awards, with progress and the latest CLR."""
    awards = list(_current_awards(user))
    newest: dict[UUID, Award] = {}
    for award in awards:  # newest first: a recertification replaces the older award
        newest.setdefault(award.credential_lineage, award)
    members = StackMember.objects.filter(credential__lineage__in=list(newest)).select_related(
        "stack", "credential"
    )
    stacks: dict[int, Stack] = {m.stack_id: m.stack for m in members}
    out = []
    earned_ids = {a.credential_id for a in newest.values()}
    for stack in sorted(stacks.values(), key=lambda s: s.title):
        lineages = list(
            stack.memberships.order_by("position").values_list("credential__lineage", flat=True)
        )
        counted = [newest[lineage] for lineage in lineages if lineage in newest]
        progress = stack_progress(stack, earned_ids)
        clr = (
            IssuedClr.objects.filter(
                earner=user, stack=stack, award_set=_award_set(counted)
            ).first()
            if progress.complete
            else None
        )
        out.append(StackCompletion(stack, progress, counted, clr))
    return out


def _identifier(user: User) -> IdentityObject:
    salt = secrets.token_hex(16)
    return IdentityObject(
        hashed=True,
        identity_hash=hash_identity(user.email.strip().lower(), salt),
        identity_type="emailAddress",
        salt=salt,
    )


def _build(
    user: User, stack: Stack, issuer: IssuerProfile, awards: list[Award], clr_uuid: UUID
) -> dict[str, Any]:
    program = stack_achievement(stack)
    credentials = [a.credential_json for a in awards if a.credential_json is not None]
    associations = []
    for credential in credentials:
        unit = (credential.get("credentialSubject") or {}).get("achievement") or {}
        if isinstance(unit.get("id"), str):
            associations.append(
                Association(association_type="isPartOf", source_id=unit["id"], target_id=program.id)
            )
    clr = ClrCredential.bundle(
        credentials,
        id=f"urn:uuid:{clr_uuid}",
        issuer=Profile.from_json(profile_json(issuer)),
        identifier=[_identifier(user)],
        achievements=[program],
        associations=associations,
        name=f"{stack.award_title}: learner record",
        description=f"The credentials with which this learner completed the {stack.title} stack.",
        valid_from=format_datetime(timezone.now().replace(microsecond=0)),
    )
    return clr.to_json()


def issue_clr(user: User, stack_id: int) -> tuple[IssuedClr, bool]:
    """Issue (or find) ``user``'s signed CLR for the stack; ``(clr, created)``.

    Refuses with ``STACK_NOT_COMPLETE`` unless the earner's current awards satisfy the stack's
    rule. Only the earner's own awards (``recipient_user``) are ever bundled.
    """
    if not user.email:
        raise InvalidInput("Add an email address to your account first.", code="EMAIL_REQUIRED")
    completion = next((c for c in stack_completions(user) if c.stack.pk == stack_id), None)
    if completion is None:
        raise NotFound("You have no credentials in that stack.", code="STACK_NOT_STARTED")
    if not completion.progress.complete:
        raise Conflict(
            f"The {completion.stack.title} stack is not complete yet "
            f"({completion.progress.earned} of {completion.progress.required}).",
            code="STACK_NOT_COMPLETE",
        )
    if completion.clr is not None:
        return completion.clr, False
    stack, awards = completion.stack, completion.awards
    issuer = issuer_for(stack.organisation_id)
    clr_uuid = uuid4()
    document = _build(user, stack, issuer, awards, clr_uuid)
    key_row, key = signing_key(issuer)
    try:
        signed = sign(
            document, key, verification_method=verification_method(issuer, key_row.public_multibase)
        )
    except VcError as e:
        raise Conflict(f"The learner record could not be signed: {e}", code=e.code) from e
    award_set = _award_set(awards)
    try:
        with transaction.atomic():
            clr = IssuedClr.objects.create(
                credential_uuid=clr_uuid,
                earner=user,
                stack=stack,
                issuer=issuer,
                award_set=award_set,
                award_uuids=sorted(str(a.credential_uuid) for a in awards),
                credential_json=signed,
            )
            record(
                user,
                "integrations.clr.issued",
                clr,
                organisation=stack.organisation,
                after={"stack": stack.slug, "awards": clr.award_uuids},
            )
    except IntegrityError:
        # A concurrent request issued the same record first: return that one.
        return IssuedClr.objects.get(earner=user, stack=stack, award_set=award_set), False
    return clr, True


def clrs_of(user: User) -> QuerySet[IssuedClr]:
    return IssuedClr.objects.filter(earner=user).select_related("stack")


def clr_for(user: User, credential_uuid: UUID | str) -> IssuedClr:
    """One of ``user``'s CLRs (someone else's is "not found", never "forbidden")."""
    try:
        key = UUID(str(credential_uuid))
    except ValueError as e:
        raise NotFound("There is no such learner record.", code="CLR_NOT_FOUND") from e
    clr = clrs_of(user).filter(credential_uuid=key).first()
    if clr is None:
        raise NotFound("There is no such learner record.", code="CLR_NOT_FOUND")
    return clr
