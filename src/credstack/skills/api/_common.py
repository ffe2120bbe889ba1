"""What every skills endpoint needs: the signed-in actor, lookups that 404 cleanly, outputs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.problems import NotFound, Problem

from ..models import Alignment, Framework, FrameworkItem, ProficiencyLevel
from ..services import framework_tree, public_framework_url
from ..tree import TreeNode


def actor(request: HttpRequest) -> User:
    """The signed-in user, or a 401 problem: every change has someone to audit."""
    user = request.user
    if not user.is_authenticated:
        raise Problem("Sign in or send a valid API token.", code="UNAUTHENTICATED", status=401)
    return user  # type: ignore[return-value]


def get_framework(framework_id: int) -> Framework:
    framework = Framework.objects.select_related("organisation").filter(pk=framework_id).first()
    if framework is None:
        raise NotFound(f"No framework has id {framework_id}.", code="FRAMEWORK_NOT_FOUND")
    return framework


def get_item(item_id: int, framework: Framework | None = None) -> FrameworkItem:
    items = FrameworkItem.objects.select_related("framework__organisation")
    if framework is not None:
        items = items.filter(framework=framework)
    item = items.filter(pk=item_id).first()
    if item is None:
        raise NotFound(
            f"No item has id {item_id}{' in this framework' if framework else ''}.",
            code="ITEM_NOT_FOUND",
        )
    return item


def get_level(level_id: int) -> ProficiencyLevel:
    level = (
        ProficiencyLevel.objects.select_related("framework__organisation")
        .filter(pk=level_id)
        .first()
    )
    if level is None:
        raise NotFound(f"No proficiency level has id {level_id}.", code="LEVEL_NOT_FOUND")
    return level


def get_credential(credential_id: int) -> MicroCredential:
    credential = (
        MicroCredential.objects.select_related("organisation").filter(pk=credential_id).first()
    )
    if credential is None:
        raise NotFound(f"No credential has id {credential_id}.", code="CREDENTIAL_NOT_FOUND")
    return credential


def framework_out(framework: Framework, *, superseded: set[int] | None = None) -> dict[str, Any]:
    is_current = (
        framework.pk not in superseded if superseded is not None else not framework.is_superseded
    )
    return {
        "id": framework.pk,
        "organisation_id": framework.organisation_id,
        "title": framework.title,
        "slug": framework.slug,
        "version": framework.version,
        "description": framework.description,
        "publisher": framework.publisher,
        "uri": framework.uri,
        "source": framework.source,
        "is_external": framework.is_external,
        "case_identifier": framework.case_identifier,
        "previous_version_id": framework.previous_version_id,
        "is_current": is_current,
        "over_coverage_threshold": framework.over_coverage_threshold,
        "public_url": public_framework_url(framework),
        "created_at": framework.created_at,
    }


def framework_detail(framework: Framework) -> dict[str, Any]:
    def node(n: TreeNode) -> dict[str, Any]:
        i = n.item
        return {
            "id": i.pk,
            "parent_id": i.parent_id,
            "kind": i.kind,
            "code": i.code,
            "title": i.title,
            "description": i.description,
            "uri": i.uri,
            "children": [node(c) for c in n.children],
        }

    return {
        **framework_out(framework),
        "levels": list(framework.levels.all()),
        "tree": [node(root) for root in framework_tree(framework)],
    }


def alignment_out(alignment: Alignment) -> dict[str, Any]:
    item = alignment.item
    return {
        "id": alignment.pk,
        "credential_id": alignment.credential_id,
        "item": {
            "id": item.pk,
            "code": item.code,
            "title": item.title,
            "kind": item.kind,
            "framework_id": item.framework_id,
            "framework_title": item.framework.title,
            "framework_version": item.framework.version,
        },
        "proficiency": alignment.proficiency,
    }
