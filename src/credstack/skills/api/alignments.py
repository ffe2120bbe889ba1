"""A credential's alignments to framework items (staff of the credential's organisation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from .. import services
from . import _common as c
from .schemas import AlignmentIn, AlignmentOut

router = Router()


@router.get(
    "/credentials/{credential_id}/alignments",
    response=list[AlignmentOut],
    summary="A credential's alignments",
)
@paginate
def list_alignments(request: HttpRequest, credential_id: int) -> list[dict[str, Any]]:
    user = c.actor(request)
    credential = c.get_credential(credential_id)
    services.require_staff(user, credential.organisation)
    return [c.alignment_out(a) for a in services.alignments_for(credential)]


@router.post(
    "/credentials/{credential_id}/alignments",
    response={201: AlignmentOut},
    summary="Align a credential to an item",
)
def create_alignment(request: HttpRequest, credential_id: int, payload: AlignmentIn) -> Status[Any]:
    user = c.actor(request)
    credential = c.get_credential(credential_id)
    item = c.get_item(payload.item_id)
    level = c.get_level(payload.proficiency_id) if payload.proficiency_id is not None else None
    return Status(201, c.alignment_out(services.align(credential, item, level, user)))


@router.delete(
    "/credentials/{credential_id}/alignments/{item_id}",
    response={204: None},
    summary="Remove an alignment",
)
def delete_alignment(request: HttpRequest, credential_id: int, item_id: int) -> Status[Any]:
    user = c.actor(request)
    services.unalign(c.get_credential(credential_id), c.get_item(item_id), user)
    return Status(204, None)
