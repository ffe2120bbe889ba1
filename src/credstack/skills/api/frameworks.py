"""Frameworks, their versions and proficiency levels, items (CRUD) and ESCO skills by URI."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from credstack.accounts.models import Organisation
from credstack.problems import NotFound

from .. import services
from ..models import Framework, FrameworkItem, ProficiencyLevel
from . import _common as c
from .schemas import (
    EscoSkillIn,
    FrameworkDetailOut,
    FrameworkIn,
    FrameworkOut,
    FrameworkPatch,
    ItemIn,
    ItemOut,
    ItemPatch,
    LevelIn,
    LevelOut,
    LevelPatch,
    VersionIn,
)

router = Router()


@router.get("/frameworks", response=list[FrameworkOut], summary="List frameworks")
@paginate
def list_frameworks(
    request: HttpRequest, organisation_id: int | None = None, current: bool = False
) -> list[dict[str, Any]]:
    frameworks: QuerySet[Framework] = Framework.objects.all()
    if organisation_id is not None:
        frameworks = frameworks.filter(organisation_id=organisation_id)
    superseded = set(
        Framework.objects.filter(previous_version__isnull=False).values_list(
            "previous_version_id", flat=True
        )
    )
    if current:
        frameworks = frameworks.exclude(pk__in=superseded)
    return [c.framework_out(f, superseded=superseded) for f in frameworks]  # type: ignore[misc]


@router.post("/frameworks", response={201: FrameworkOut}, summary="Create a framework")
def create_framework(request: HttpRequest, payload: FrameworkIn) -> Status[Any]:
    user = c.actor(request)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise NotFound(
            f"No organisation has id {payload.organisation_id}.", code="ORGANISATION_NOT_FOUND"
        )
    data = payload.dict(exclude={"organisation_id"})
    return Status(201, c.framework_out(services.create_framework(organisation, user, **data)))


@router.get(
    "/frameworks/{framework_id}", response=FrameworkDetailOut, summary="A framework with its tree"
)
def get_framework(request: HttpRequest, framework_id: int) -> dict[str, Any]:
    return c.framework_detail(c.get_framework(framework_id))


@router.patch("/frameworks/{framework_id}", response=FrameworkOut, summary="Edit a framework")
def update_framework(
    request: HttpRequest, framework_id: int, payload: FrameworkPatch
) -> dict[str, Any]:
    user = c.actor(request)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return c.framework_out(
        services.update_framework(c.get_framework(framework_id), user, **changes)
    )


@router.post(
    "/frameworks/{framework_id}/versions",
    response={201: FrameworkOut},
    summary="Create a new version (copies the tree)",
)
def create_version(request: HttpRequest, framework_id: int, payload: VersionIn) -> Status[Any]:
    user = c.actor(request)
    return Status(
        201,
        c.framework_out(
            services.create_version(c.get_framework(framework_id), user, version=payload.version)
        ),
    )


@router.get(
    "/frameworks/{framework_id}/levels", response=list[LevelOut], summary="The proficiency scale"
)
@paginate
def list_levels(request: HttpRequest, framework_id: int) -> QuerySet[ProficiencyLevel]:
    return c.get_framework(framework_id).levels.all()


@router.post(
    "/frameworks/{framework_id}/levels", response={201: LevelOut}, summary="Add a proficiency level"
)
def create_level(request: HttpRequest, framework_id: int, payload: LevelIn) -> Status[Any]:
    user = c.actor(request)
    return Status(201, services.create_level(c.get_framework(framework_id), user, **payload.dict()))


@router.patch("/levels/{level_id}", response=LevelOut, summary="Edit a proficiency level")
def update_level(request: HttpRequest, level_id: int, payload: LevelPatch) -> ProficiencyLevel:
    user = c.actor(request)
    return services.update_level(
        c.get_level(level_id), user, **payload.dict(exclude_unset=True, exclude_none=True)
    )


@router.delete(
    "/levels/{level_id}", response={204: None}, summary="Delete an unused proficiency level"
)
def delete_level(request: HttpRequest, level_id: int) -> Status[Any]:
    user = c.actor(request)
    services.delete_level(c.get_level(level_id), user)
    return Status(204, None)


@router.get("/frameworks/{framework_id}/items", response=list[ItemOut], summary="Items, searchable")
@paginate
def list_items(
    request: HttpRequest, framework_id: int, q: str = "", kind: str = ""
) -> QuerySet[FrameworkItem]:
    framework = c.get_framework(framework_id)
    return services.search_items(
        Framework.objects.filter(pk=framework.pk), query=q[:200], kind=kind[:12]
    )


@router.post("/frameworks/{framework_id}/items", response={201: ItemOut}, summary="Add an item")
def create_item(request: HttpRequest, framework_id: int, payload: ItemIn) -> Status[Any]:
    user = c.actor(request)
    framework = c.get_framework(framework_id)
    parent = c.get_item(payload.parent_id, framework) if payload.parent_id is not None else None
    data = payload.dict(exclude={"parent_id"})
    return Status(201, services.create_item(framework, user, parent=parent, **data))


@router.get("/items/{item_id}", response=ItemOut, summary="One item")
def get_item(request: HttpRequest, item_id: int) -> FrameworkItem:
    return c.get_item(item_id)


@router.patch("/items/{item_id}", response=ItemOut, summary="Edit or move an item")
def update_item(request: HttpRequest, item_id: int, payload: ItemPatch) -> FrameworkItem:
    user = c.actor(request)
    item = c.get_item(item_id)
    changes = payload.dict(exclude_unset=True)
    if "parent_id" in changes:
        parent_id = changes.pop("parent_id")
        changes["parent"] = c.get_item(parent_id, item.framework) if parent_id is not None else None
    changes = {k: v for k, v in changes.items() if v is not None or k == "parent"}
    return services.update_item(item, user, **changes)


@router.delete(
    "/items/{item_id}", response={204: None}, summary="Delete a leaf item nobody is aligned to"
)
def delete_item(request: HttpRequest, item_id: int) -> Status[Any]:
    user = c.actor(request)
    services.delete_item(c.get_item(item_id), user)
    return Status(204, None)


@router.post(
    "/frameworks/{framework_id}/esco", response={201: ItemOut}, summary="Add an ESCO skill by URI"
)
def add_esco_skill(request: HttpRequest, framework_id: int, payload: EscoSkillIn) -> Status[Any]:
    user = c.actor(request)
    framework = c.get_framework(framework_id)
    parent = c.get_item(payload.parent_id, framework) if payload.parent_id is not None else None
    item = services.add_esco_skill(
        framework,
        user,
        uri=payload.uri,
        title=payload.title,
        parent=parent,
        code=payload.code,
        description=payload.description,
    )
    return Status(201, item)


__all__ = ["router"]
