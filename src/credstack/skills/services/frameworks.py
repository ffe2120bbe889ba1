"""Frameworks and their proficiency scales: create, edit, and version them.

A new version copies the whole tree and scale into a new framework row (same slug, new version
string) and links it to the old one. The old version becomes read-only and stays, because
alignments, and the badges already issued from them, point at its items.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, User
from credstack.problems import Conflict, InvalidInput

from ..models import Framework, FrameworkItem, ProficiencyLevel
from ._access import require_designer, require_editable
from ._validation import full_clean

FRAMEWORK_FIELDS = ("title", "description", "publisher", "uri", "over_coverage_threshold")


@transaction.atomic
def create_framework(
    organisation: Organisation,
    actor: User,
    *,
    title: str,
    slug: str = "",
    version: str = "1.0",
    description: str = "",
    publisher: str = "",
    uri: str = "",
    over_coverage_threshold: int = 5,
    source: str = Framework.Source.LOCAL,
) -> Framework:
    """Create an empty framework owned by ``organisation`` (designers and administrators).

    ``source`` says where its items come from (built here, CASE, ESCO); any source but
    "local" marks the framework external.
    """
    require_designer(actor, organisation)
    framework = Framework(
        organisation=organisation,
        title=title.strip(),
        slug=(slug or slugify(title))[:80],
        version=version.strip() or "1.0",
        description=description,
        publisher=publisher or organisation.name,
        uri=uri,
        over_coverage_threshold=over_coverage_threshold,
        source=source,
        is_external=source != Framework.Source.LOCAL,
    )
    _check_unique_version(framework)
    full_clean(framework, code="INVALID_FRAMEWORK")
    framework.save()
    record(actor, "skills.framework.created", framework, after=snapshot(framework))
    return framework


@transaction.atomic
def update_framework(framework: Framework, actor: User, **changes: Any) -> Framework:
    """Change a framework's descriptive fields (title, description, publisher, uri, threshold)."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    require_editable(framework, actor)
    unknown = set(changes) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}.", code="INVALID_FRAMEWORK")
    before = snapshot(framework)
    for name, value in changes.items():
        setattr(framework, name, value)
    full_clean(framework, code="INVALID_FRAMEWORK")
    framework.save()
    record(actor, "skills.framework.updated", framework, before=before, after=snapshot(framework))
    return framework


@transaction.atomic
def create_version(framework: Framework, actor: User, *, version: str) -> Framework:
    """Copy ``framework`` (tree and scale) into a new current version named ``version``.

    Items keep their codes and get new CASE identifiers (a CASE document version is a new
    document); each copy remembers the item it came from in ``previous``.
    """
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    require_editable(framework, actor)
    copy = Framework(
        organisation=framework.organisation,
        title=framework.title,
        slug=framework.slug,
        version=version.strip(),
        description=framework.description,
        publisher=framework.publisher,
        uri="",
        is_external=framework.is_external,
        source=framework.source,
        previous_version=framework,
        over_coverage_threshold=framework.over_coverage_threshold,
    )
    if not copy.version:
        raise InvalidInput("Give the new version a name, e.g. 2.0.", code="INVALID_VERSION")
    _check_unique_version(copy)
    full_clean(copy, code="INVALID_VERSION", exclude=["previous_version"])
    copy.save()
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(framework=copy, rank=lv.rank, name=lv.name, description=lv.description)
        for lv in framework.levels.all()
    )
    _copy_items(framework, copy)
    record(
        actor,
        "skills.framework.versioned",
        copy,
        before={"version": framework.version, "framework_id": framework.pk},
        after=snapshot(copy),
    )
    return copy


def _copy_items(source: Framework, target: Framework) -> None:
    """Copy the tree one depth at a time so every parent exists before its children."""
    by_parent: dict[int | None, list[FrameworkItem]] = defaultdict(list)
    for item in source.items.order_by("position", "code"):
        by_parent[item.parent_id].append(item)
    new_id: dict[int | None, int | None] = {None: None}
    frontier: list[int | None] = [None]
    while frontier:
        batch = [item for parent in frontier for item in by_parent.get(parent, [])]
        copies = FrameworkItem.objects.bulk_create(
            FrameworkItem(
                framework=target,
                parent_id=new_id[item.parent_id],
                kind=item.kind,
                code=item.code,
                title=item.title,
                description=item.description,
                uri=item.uri,
                position=item.position,
                case_item_type=item.case_item_type,
                previous=item,
            )
            for item in batch
        )
        for item, made in zip(batch, copies, strict=True):
            new_id[item.pk] = made.pk
        frontier = [item.pk for item in batch]


def _check_unique_version(framework: Framework) -> None:
    if Framework.objects.filter(slug=framework.slug, version=framework.version).exists():
        raise Conflict(
            f"A framework “{framework.slug}” version {framework.version} already exists.",
            code="FRAMEWORK_VERSION_EXISTS",
        )


@transaction.atomic
def create_level(
    framework: Framework, actor: User, *, rank: int, name: str, description: str = ""
) -> ProficiencyLevel:
    """Add a rung to the framework's proficiency scale."""
    require_editable(framework, actor)
    level = ProficiencyLevel(
        framework=framework, rank=rank, name=name.strip(), description=description
    )
    full_clean(level, code="INVALID_LEVEL", exclude=["framework"])
    if framework.levels.filter(rank=rank).exists():
        raise Conflict(f"This scale already has a level ranked {rank}.", code="LEVEL_RANK_EXISTS")
    level.save()
    record(
        actor,
        "skills.level.created",
        level,
        organisation=framework.organisation,
        after=snapshot(level),
    )
    return level


@transaction.atomic
def update_level(level: ProficiencyLevel, actor: User, **changes: Any) -> ProficiencyLevel:
    """Rename, re-describe or re-rank a proficiency level."""
    require_editable(level.framework, actor)
    before = snapshot(level)
    for name in ("rank", "name", "description"):
        if name in changes:
            setattr(level, name, changes[name])
    full_clean(level, code="INVALID_LEVEL", exclude=["framework"])
    if level.framework.levels.filter(rank=level.rank).exclude(pk=level.pk).exists():
        raise Conflict(
            f"This scale already has a level ranked {level.rank}.", code="LEVEL_RANK_EXISTS"
        )
    level.save()
    record(
        actor,
        "skills.level.updated",
        level,
        organisation=level.framework.organisation,
        before=before,
        after=snapshot(level),
    )
    return level


@transaction.atomic
def delete_level(level: ProficiencyLevel, actor: User) -> None:
    """Remove a level no alignment uses."""
    framework = level.framework
    require_editable(framework, actor)
    if level.pk and framework.items.filter(alignments__proficiency=level).exists():
        raise Conflict(
            f"Level “{level}” is used by alignments; change those first.", code="LEVEL_IN_USE"
        )
    before = snapshot(level)
    record(actor, "skills.level.deleted", level, organisation=framework.organisation, before=before)
    try:
        level.delete()
    except ProtectedError as e:  # a concurrent alignment took the level: refuse, don't crash
        raise Conflict(f"Level “{level}” is in use.", code="LEVEL_IN_USE") from e
