"""Finding awards (staff lists and details) and awards made by people: manual and API."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from credstack.accounts.models import User
from credstack.problems import InvalidInput, NotFound

from ..models import Award, AwardSource, AwardStatus
from .access import REQUEST_ROLES, VIEW_ROLES, may, organisations_for, require
from .triggers import AwardRequest, request_award

EXPIRED = "expired"


@dataclass(frozen=True)
class AwardFilters:
    email: str = ""
    status: str = ""
    credential: str = ""  # a lineage UUID or a catalogue id


def awards_for(user: User, filters: AwardFilters = AwardFilters()) -> QuerySet[Award]:
    """Awards at organisations where ``user`` may see them, newest first."""
    from django.utils import timezone

    qs = Award.objects.filter(issuer__organisation__in=organisations_for(user, VIEW_ROLES))
    if filters.email:
        qs = qs.filter(recipient_email__iexact=filters.email.strip())
    if filters.status == EXPIRED:
        qs = qs.filter(status=AwardStatus.ISSUED, valid_until__lte=timezone.now())
    elif filters.status:
        if filters.status not in AwardStatus.values:
            raise InvalidInput(
                f"Status must be one of {', '.join([*AwardStatus.values, EXPIRED])}.",
                code="STATUS_FILTER_INVALID",
            )
        qs = qs.filter(status=filters.status)
        if filters.status == AwardStatus.ISSUED:
            qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now()))
    if filters.credential:
        value = filters.credential.strip()
        if value.isdigit():
            qs = qs.filter(credential_id=int(value))
        else:
            try:
                qs = qs.filter(credential_lineage=UUID(value))
            except ValueError as e:
                raise InvalidInput(
                    "Filter by a credential's id or lineage UUID.", code="CREDENTIAL_FILTER_INVALID"
                ) from e
    return qs.select_related("credential", "issuer").order_by("-created_at", "-pk")


def award_for(user: User, credential_uuid: UUID | str) -> Award:
    """One award by its credential UUID, if ``user`` may see it (404 otherwise: no leak)."""
    try:
        key = UUID(str(credential_uuid))
    except ValueError as e:
        raise NotFound("There is no such award.", code="AWARD_NOT_FOUND") from e
    award = (
        Award.objects.select_related(
            "credential", "issuer", "requested_by", "decided_by", "submission"
        )
        .filter(credential_uuid=key)
        .first()
    )
    if award is None:
        raise NotFound("There is no such award.", code="AWARD_NOT_FOUND")
    if not may(user, award.issuer.organisation_id, VIEW_ROLES):
        raise PermissionDenied("Awards are for badge issuers and QA/release managers.")
    return award


def award_by_id(user: User, pk: int) -> Award:
    award = Award.objects.select_related("issuer").filter(pk=pk).first()
    if award is None or not may(user, award.issuer.organisation_id, VIEW_ROLES):
        raise NotFound("There is no such award.", code="AWARD_NOT_FOUND")
    return award


def award_by_person(actor: User, request: AwardRequest) -> tuple[Award, bool]:
    """A manual or API award by a badge issuer: the rule still decides on QA approval.

    The badge issuer is recorded as the requester, so they can never approve it themselves.
    """
    if request.source not in (AwardSource.MANUAL, AwardSource.API):
        raise InvalidInput("People award manually or through the API.", code="SOURCE_UNKNOWN")
    require(actor, request.credential.organisation_id, REQUEST_ROLES)
    if request.requested_by is not None and request.requested_by != actor:
        raise PermissionDenied("An award is requested in your own name.")
    return request_award(AwardRequest(**{**request.__dict__, "requested_by": actor}), actor=actor)
