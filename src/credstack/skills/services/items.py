"""A framework's items: the tree, search, create/edit/move/delete, and ESCO skills by URI."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import User
from credstack.problems import Conflict, InvalidInput

from .. import rules
from ..models import Framework, FrameworkItem
from ..tree import TreeNode, flatten, framework_tree
from ._access import require_editable
from ._validation import full_clean

__all__ = ["TreeNode", "flatten", "framework_tree"]

ITEM_FIELDS = ("kind", "code", "title", "description", "uri", "parent", "position")


def search_items(
    frameworks: QuerySet[Framework], *, query: str = "", kind: str = ""
) -> QuerySet[FrameworkItem]:
    """Items of ``frameworks`` whose code, title, description or URI contains ``query``."""
    items = FrameworkItem.objects.filter(framework__in=frameworks).select_related("framework")
    if query:
        items = items.filter(
            Q(code__icontains=query)
            | Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(uri__icontains=query)
        )
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("framework__title", "framework__version", "code")


@transaction.atomic
def create_item(
    framework: Framework,
    actor: User,
    *,
    code: str,
    title: str,
    kind: str = rules.SKILL,
    parent: FrameworkItem | None = None,
    description: str = "",
    uri: str = "",
) -> FrameworkItem:
    """Add an item under ``parent`` (or at the root), checking the hierarchy rules."""
    require_editable(framework, actor)
    item = FrameworkItem(
        framework=framework,
        parent=parent,
        kind=kind,
        code=code.strip(),
        title=title.strip(),
        description=description,
        uri=uri.strip(),
    )
    _check_place(item, parent)
    _check_code_free(item)
    item.position = _next_position(framework, parent)
    full_clean(item, code="INVALID_ITEM", exclude=["framework"])
    item.save()
    record(
        actor,
        "skills.item.created",
        item,
        organisation=framework.organisation,
        after=snapshot(item),
    )
    return item


@transaction.atomic
def update_item(item: FrameworkItem, actor: User, **changes: Any) -> FrameworkItem:
    """Edit an item; moving it (a new ``parent``) is checked against the rules and for cycles."""
    item = FrameworkItem.objects.select_for_update().select_related("framework").get(pk=item.pk)
    require_editable(item.framework, actor)
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}.", code="INVALID_ITEM")
    before = snapshot(item)
    for name, value in changes.items():
        setattr(
            item, name, value.strip() if isinstance(value, str) and name != "description" else value
        )
    parent = item.parent if item.parent_id else None
    _check_place(item, parent)
    if parent is not None and _is_ancestor(item, parent):
        raise InvalidInput(
            f"{parent.code} is inside {item.code}; an item cannot move under its own descendant.",
            code="ITEM_CYCLE",
        )
    if item.kind != before["kind"] and item.children.exists():
        for child in item.children.all():
            problem = rules.kind_problem(child.kind, item.kind)
            if problem:
                raise InvalidInput(f"{child.code}: {problem}", code="INVALID_HIERARCHY")
    _check_code_free(item)
    full_clean(item, code="INVALID_ITEM", exclude=["framework"])
    item.save()
    record(
        actor,
        "skills.item.updated",
        item,
        organisation=item.framework.organisation,
        before=before,
        after=snapshot(item),
    )
    return item


@transaction.atomic
def delete_item(item: FrameworkItem, actor: User) -> None:
    """Delete a leaf item that no credential is aligned to."""
    framework = item.framework
    require_editable(framework, actor)
    if item.children.exists():
        raise Conflict(
            f"{item.code} has items under it; move or delete those first.", code="ITEM_HAS_CHILDREN"
        )
    if item.alignments.exists():
        raise Conflict(
            f"{item.code} is aligned to credentials; remove those alignments first.",
            code="ITEM_IN_USE",
        )
    record(
        actor,
        "skills.item.deleted",
        item,
        organisation=framework.organisation,
        before=snapshot(item),
    )
    item.delete()


def add_esco_skill(
    framework: Framework,
    actor: User,
    *,
    uri: str,
    title: str,
    parent: FrameworkItem | None = None,
    description: str = "",
    code: str = "",
) -> FrameworkItem:
    """Record an ESCO skill by its concept URI and the title given (nothing is fetched).

    The code defaults to ``ESCO-`` and the first block of the concept's UUID, which is unique
    enough within one framework and readable in a list.
    """
    uri = uri.strip()
    try:
        rules.validate_esco_skill_uri(uri)
    except Exception as e:
        raise InvalidInput(str(getattr(e, "messages", [e])[0]), code="INVALID_ESCO_URI") from e
    if framework.items.filter(uri=uri).exists():
        raise Conflict(f"{uri} is already in {framework}.", code="ESCO_SKILL_EXISTS")
    return create_item(
        framework,
        actor,
        code=code or f"ESCO-{uri.rsplit('/', 1)[1][:8]}",
        title=title,
        kind=rules.SKILL,
        parent=parent,
        description=description,
        uri=uri,
    )


def _check_place(item: FrameworkItem, parent: FrameworkItem | None) -> None:
    problem = rules.parent_problem(item, parent)
    if problem:
        raise InvalidInput(problem, code="INVALID_HIERARCHY")
    if parent is not None and _depth(parent) + 1 >= rules.MAX_DEPTH:
        raise InvalidInput(
            f"Frameworks are at most {rules.MAX_DEPTH} levels deep.", code="TREE_TOO_DEEP"
        )


def _depth(item: FrameworkItem) -> int:
    depth, current = 0, item
    while current.parent_id is not None and depth <= rules.MAX_DEPTH:
        current = current.parent  # type: ignore[assignment]
        depth += 1
    return depth


def _is_ancestor(item: FrameworkItem, node: FrameworkItem) -> bool:
    """True when ``item`` is ``node`` or one of its ancestors (bounded by MAX_DEPTH)."""
    current: FrameworkItem | None = node
    for _ in range(rules.MAX_DEPTH + 1):
        if current is None:
            return False
        if current.pk == item.pk:
            return True
        current = current.parent if current.parent_id else None
    return True


def _check_code_free(item: FrameworkItem) -> None:
    taken = FrameworkItem.objects.filter(framework=item.framework, code=item.code)
    if item.pk:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise Conflict(
            f"Code {item.code} is already used in {item.framework}.", code="ITEM_CODE_EXISTS"
        )


def _next_position(framework: Framework, parent: FrameworkItem | None) -> int:
    top = framework.items.filter(parent=parent).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1
