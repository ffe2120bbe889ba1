"""Pathways: onward routes from a credential or stack to another credential, stack or award.

An external award (a degree that grants credit for a stack) lives outside the platform, so it
is described by its name, awarding institution, address and the credit it grants.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, Role, User
from credstack.accounts.permissions import require_role
from credstack.problems import InvalidInput

from ..models import MicroCredential, Pathway, Stack


@dataclass
class PathwayInput:
    """A pathway: exactly one source and exactly one destination."""

    title: str
    description: str = ""
    from_credential_id: int | None = None
    from_stack_id: int | None = None
    to_credential_id: int | None = None
    to_stack_id: int | None = None
    external_award: str = ""
    external_institution: str = ""
    external_url: str = ""
    credit_granted: Decimal | None = None


def _validate(organisation: Organisation, data: PathwayInput) -> None:
    if not data.title.strip():
        raise InvalidInput("title: name the pathway.", code="PATHWAY_INVALID")
    sources = [x for x in (data.from_credential_id, data.from_stack_id) if x is not None]
    destinations = [
        x
        for x in (data.to_credential_id, data.to_stack_id, data.external_award.strip() or None)
        if x
    ]
    if len(sources) != 1:
        raise InvalidInput(
            "A pathway starts from exactly one credential or one stack.", code="PATHWAY_INVALID"
        )
    if len(destinations) != 1:
        raise InvalidInput(
            "A pathway leads to exactly one credential, stack or external award.",
            code="PATHWAY_INVALID",
        )
    if data.from_credential_id is not None and data.from_credential_id == data.to_credential_id:
        raise InvalidInput("A pathway cannot lead a credential to itself.", code="PATHWAY_INVALID")
    if data.from_stack_id is not None and data.from_stack_id == data.to_stack_id:
        raise InvalidInput("A pathway cannot lead a stack to itself.", code="PATHWAY_INVALID")
    credentials = [i for i in (data.from_credential_id, data.to_credential_id) if i is not None]
    stacks = [i for i in (data.from_stack_id, data.to_stack_id) if i is not None]
    if MicroCredential.objects.filter(pk__in=credentials, organisation=organisation).count() != len(
        set(credentials)
    ) or Stack.objects.filter(pk__in=stacks, organisation=organisation).count() != len(set(stacks)):
        raise InvalidInput(
            "The pathway names a credential or stack this organisation does not have.",
            code="PATHWAY_INVALID",
        )
    if data.credit_granted is not None and data.credit_granted < 0:
        raise InvalidInput("credit_granted: credit cannot be negative.", code="PATHWAY_INVALID")
    if data.external_url and not data.external_url.startswith(("https://", "http://")):
        raise InvalidInput("external_url: give a web address (https://…).", code="PATHWAY_INVALID")


@transaction.atomic
def save_pathway(
    actor: User, organisation: Organisation, data: PathwayInput, pathway: Pathway | None = None
) -> Pathway:
    """Create or update a pathway (designers). Audited as ``catalog.pathway.created/updated``."""
    if pathway is not None:
        organisation = pathway.organisation
    require_role(actor, organisation, Role.DESIGNER)
    _validate(organisation, data)
    before = snapshot(pathway) if pathway is not None else None
    if pathway is None:
        pathway = Pathway(organisation=organisation)
    for name, value in vars(data).items():
        setattr(pathway, name, value.strip() if isinstance(value, str) else value)
    pathway.save()
    record(
        actor,
        "catalog.pathway.updated" if before else "catalog.pathway.created",
        pathway,
        before=before,
        after=snapshot(pathway),
    )
    return pathway


@transaction.atomic
def delete_pathway(actor: User, pathway: Pathway) -> None:
    """Delete a pathway (designers). Audited as ``catalog.pathway.deleted``."""
    require_role(actor, pathway.organisation_id, Role.DESIGNER)
    record(actor, "catalog.pathway.deleted", pathway, before=snapshot(pathway))
    pathway.delete()
