"""The accounts API: who am I, my organisations, their memberships, my API tokens, the audit log.

Mounted at /api/v1/accounts/. Every endpoint needs a caller (``api_auth``: a personal token or
a session); membership changes need the administrator role at that organisation.
"""

from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from credstack.problems import Forbidden, NotFound

from .api_auth import api_auth
from .audit_search import AuditFilter, search
from .models import ApiToken, Membership, Organisation, Role, User
from .permissions import has_role, require_role
from .schemas import (
    AuditEntryOut,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    MeOut,
    NewTokenOut,
    OrganisationOut,
    TokenIn,
    TokenOut,
)
from .services import add_member, change_role, create_token, remove_membership, revoke_token

router = Router(auth=api_auth, tags=["accounts"])


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _member_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    """The organisation if the caller is a member; 404 otherwise (do not reveal it exists)."""
    organisation = (
        Organisation.objects.filter(pk=organisation_id, memberships__user=_caller(request))
        .distinct()
        .first()
    )
    if organisation is None:
        raise NotFound(
            f"You are not a member of an organisation with id {organisation_id}.",
            code="ORGANISATION_NOT_FOUND",
        )
    return organisation


@router.get("/me", response=MeOut, summary="The calling user and their memberships")
def me(request: HttpRequest) -> dict[str, object]:
    user = _caller(request)
    memberships = list(Membership.objects.filter(user=user).select_related("organisation", "user"))
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "name": user.name,
        "did": user.did,
        "public_profile": user.public_profile,
        "visible_to_cohort": user.visible_to_cohort,
        "memberships": memberships,
    }


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations I belong to")
@paginate(Page)
def list_organisations(request: HttpRequest) -> object:
    return (
        Organisation.objects.filter(memberships__user=_caller(request))
        .distinct()
        .order_by("name", "pk")
    )


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    return _member_organisation(request, organisation_id)


@router.get(
    "/organisations/{organisation_id}/memberships",
    response=list[MembershipOut],
    summary="Members and their roles (administrators only)",
)
@paginate(Page)
def list_memberships(request: HttpRequest, organisation_id: int) -> object:
    organisation = _member_organisation(request, organisation_id)
    require_role(_caller(request), organisation)
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("user__username", "role", "pk")
    )


@router.post(
    "/organisations/{organisation_id}/memberships",
    response={201: MembershipOut},
    summary="Give a person a role (administrators only; emails them)",
)
def create_membership(
    request: HttpRequest, organisation_id: int, body: MembershipIn
) -> Status[Membership]:
    organisation = _member_organisation(request, organisation_id)
    require_role(_caller(request), organisation)
    identifier = body.user.strip()
    user = User.objects.filter(Q(username=identifier) | Q(email__iexact=identifier)).first()
    if user is None and "@" not in identifier:
        raise NotFound(
            f"No account has the username {identifier!r}; use an email address to "
            "invite someone new.",
            code="USER_NOT_FOUND",
        )
    email = user.email if user is not None else identifier
    return Status(201, add_member(_caller(request), organisation, email=email, role=body.role))


@router.patch(
    "/organisations/{organisation_id}/memberships/{membership_id}",
    response=MembershipOut,
    summary="Change a membership's role (administrators only)",
)
def update_membership(
    request: HttpRequest, organisation_id: int, membership_id: int, body: MembershipPatch
) -> Membership:
    organisation = _member_organisation(request, organisation_id)
    return change_role(_caller(request), organisation, membership_id, body.role)


@router.delete(
    "/organisations/{organisation_id}/memberships/{membership_id}",
    response={204: None},
    summary="Take a role away (administrators only)",
)
def delete_membership(
    request: HttpRequest, organisation_id: int, membership_id: int
) -> Status[None]:
    organisation = _member_organisation(request, organisation_id)
    remove_membership(_caller(request), organisation, membership_id)
    return Status(204, None)


class AuditQuery(Schema):
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


@router.get(
    "/organisations/{organisation_id}/audit",
    response=list[AuditEntryOut],
    summary="The audit log (administrators and analysts), newest first",
)
@paginate(Page)
def list_audit_entries(
    request: HttpRequest,
    organisation_id: int,
    filters: AuditQuery = Query(...),  # noqa: B008
) -> object:
    organisation = _member_organisation(request, organisation_id)
    if not has_role(_caller(request), organisation, Role.ANALYST):
        raise Forbidden("The audit log is open to administrators and analysts.", code="FORBIDDEN")
    return search(organisation, AuditFilter(**filters.dict()))


@router.get("/tokens", response=list[TokenOut], summary="My personal API tokens")
@paginate(Page)
def list_tokens(request: HttpRequest) -> object:
    return ApiToken.objects.filter(user=_caller(request))


@router.post(
    "/tokens",
    response={201: NewTokenOut},
    summary="Create a personal API token (the secret is in this response only)",
)
def create_api_token(request: HttpRequest, body: TokenIn) -> Status[dict[str, object]]:
    new = create_token(_caller(request), body.name)
    t = new.token
    return Status(
        201,
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "revoked_at": t.revoked_at,
            "token": new.secret,
        },
    )


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def revoke_api_token(request: HttpRequest, token_id: int) -> Status[None]:
    revoke_token(_caller(request), token_id)
    return Status(204, None)
