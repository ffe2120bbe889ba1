"""Alignments: which framework items a micro-credential certifies, and at what proficiency.

Issuance calls :func:`achievement_alignments` to fill the Open Badges 3.0
``Achievement.alignment`` array (OB 3.0 §B.1 Alignment: ``type`` ⊇ "Alignment", ``targetName``
and ``targetUrl`` required; ``targetType`` from the AlignmentTargetType enumeration or ``ext:…``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.problems import Conflict, InvalidInput, NotFound

from ..models import Alignment, Framework, FrameworkItem, ProficiencyLevel
from ._access import require_designer

# A credential past review is a released product: changing what it certifies would change the
# meaning of badges already issued, so its alignments change only through a new version.
LOCKED_STATUSES = frozenset({Lifecycle.APPROVED, Lifecycle.PUBLISHED, Lifecycle.RETIRED})


def alignments_for(credential: MicroCredential) -> list[Alignment]:
    """The credential's alignments with item, framework and proficiency loaded, in code order."""
    return list(
        Alignment.objects.filter(credential=credential)
        .select_related("item__framework", "proficiency")
        .order_by("item__framework__title", "item__code")
    )


@transaction.atomic
def align(
    credential: MicroCredential,
    item: FrameworkItem,
    proficiency: ProficiencyLevel | None,
    actor: User,
) -> Alignment:
    """Align ``credential`` to ``item`` at ``proficiency`` (re-aligning changes the level).

    The item must be in a current framework version owned by the credential's organisation or
    shared (no owner); the level must belong to the item's framework.
    """
    credential = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    _check_can_change(credential, actor)
    framework = item.framework
    if framework.organisation_id not in (None, credential.organisation_id):
        raise InvalidInput(
            f"{framework} belongs to another organisation.", code="FRAMEWORK_NOT_AVAILABLE"
        )
    if framework.is_superseded:
        raise Conflict(
            f"{framework} has a newer version; align to the newest version's items.",
            code="FRAMEWORK_SUPERSEDED",
        )
    if proficiency is not None and proficiency.framework_id != framework.pk:
        raise InvalidInput(
            f"Level “{proficiency}” is not on {framework}'s proficiency scale.",
            code="PROFICIENCY_NOT_IN_FRAMEWORK",
        )
    existing = Alignment.objects.filter(credential=credential, item=item).first()
    if existing is not None:
        before = snapshot(existing)
        existing.proficiency = proficiency
        existing.save(update_fields=["proficiency"])
        record(
            actor,
            "skills.alignment.updated",
            existing,
            organisation=credential.organisation,
            before=before,
            after=snapshot(existing),
        )
        return existing
    alignment = Alignment.objects.create(credential=credential, item=item, proficiency=proficiency)
    record(
        actor,
        "skills.alignment.created",
        alignment,
        organisation=credential.organisation,
        after=snapshot(alignment),
    )
    return alignment


@transaction.atomic
def unalign(credential: MicroCredential, item: FrameworkItem, actor: User) -> None:
    """Remove the alignment of ``credential`` to ``item``."""
    credential = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    _check_can_change(credential, actor)
    alignment = Alignment.objects.filter(credential=credential, item=item).first()
    if alignment is None:
        raise NotFound(f"{credential} is not aligned to {item.code}.", code="ALIGNMENT_NOT_FOUND")
    record(
        actor,
        "skills.alignment.deleted",
        alignment,
        organisation=credential.organisation,
        before=snapshot(alignment),
    )
    alignment.delete()


@transaction.atomic
def copy_alignments(source: MicroCredential, target: MicroCredential, actor: User) -> int:
    """Give a new credential version the alignments of the version it came from.

    Items in superseded framework versions are carried over as they are: the new credential
    version certifies what the old one did until a designer re-aligns it.
    """
    _check_can_change(target, actor)
    made = 0
    for alignment in Alignment.objects.filter(credential=source):
        _, created = Alignment.objects.get_or_create(
            credential=target,
            item_id=alignment.item_id,
            defaults={"proficiency": alignment.proficiency},
        )
        made += int(created)
    record(
        actor,
        "skills.alignment.copied",
        target,
        organisation=target.organisation,
        after={"from_credential": source.pk, "copied": made},
    )
    return made


def achievement_alignments(
    credential: MicroCredential, *, include_proficiency: bool = True
) -> list[dict[str, Any]]:
    """Return the credential's alignments as OB 3.0 ``Alignment`` objects (plain dicts).

    ``targetUrl`` is the item's own URI (an ESCO concept, a CASE CFItem) or else its public page
    here. ``targetType`` is ``CFItem`` for items imported from CASE (OB 3.0
    AlignmentTargetType) and ``ext:Domain`` / ``ext:Capability`` / ``ext:Skill`` otherwise: the
    enumeration has no plain "Skill", and its extension pattern is ``ext:`` plus a name.
    Only terms defined by the OB 3.0 context are used, so the result signs under RDFC; the
    proficiency level therefore rides in ``targetDescription`` as a sentence.
    """
    out: list[dict[str, Any]] = []
    for alignment in alignments_for(credential):
        item = alignment.item
        entry: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": item.title,
            "targetUrl": item.uri or public_item_url(item),
            "targetCode": item.code,
            "targetFramework": item.framework.title,
            "targetType": target_type(item),
        }
        description = item.description.strip()
        if include_proficiency and alignment.proficiency is not None:
            level = alignment.proficiency
            sentence = f"Proficiency: level {level.rank}, {level.name}."
            description = f"{description} {sentence}".strip()
        if description:
            entry["targetDescription"] = description
        out.append(entry)
    return out


def target_type(item: FrameworkItem) -> str:
    if item.framework.source == Framework.Source.CASE:
        return "CFItem"
    return "ext:" + item.kind.capitalize()


def public_item_url(item: FrameworkItem) -> str:
    """The item's public page on this platform (stable: slug, version and code)."""
    framework = item.framework
    path = reverse(
        "skills:public_item",
        kwargs={"slug": framework.slug, "version": framework.version, "code": item.code},
    )
    return f"{settings.BASE_URL}{path}"


def public_framework_url(framework: Framework) -> str:
    path = reverse(
        "skills:public_framework", kwargs={"slug": framework.slug, "version": framework.version}
    )
    return f"{settings.BASE_URL}{path}"


def _check_can_change(credential: MicroCredential, actor: User) -> None:
    require_designer(actor, credential.organisation)
    if credential.status in LOCKED_STATUSES:
        raise Conflict(
            f"{credential} is {credential.get_status_display().lower()}; its skills change "
            "through a new version of the credential.",
            code="CREDENTIAL_LOCKED",
        )
