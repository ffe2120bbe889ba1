"""The issuance API, mounted at /api/v1/issuance/.

Awards (list, detail, create with a required ``Idempotency-Key``, approve, reject, revoke,
suspend, un-suspend, re-issue), release rules, issuer keys (public halves only) and rotation,
and the signed inbound webhook. Every error is a problem detail with a stable ``code``.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import Header, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from credstack.accounts.api_auth import api_auth
from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential
from credstack.problems import NotFound, Problem

from .bulk.api import router as bulk_router
from .models import Award
from .schemas import (
    AwardIn,
    AwardOut,
    KeyOut,
    ReasonIn,
    ReissueIn,
    RuleIn,
    RuleOut,
    WebhookAccepted,
    award_out,
)
from .services import (
    AwardFilters,
    AwardRequest,
    RecipientInput,
    RuleInput,
    approve_awards,
    award_by_person,
    award_for,
    awards_for,
    fingerprint,
    issuer_by_slug,
    latest_credential,
    published_keys,
    receive_webhook,
    reissue_award,
    reject_awards,
    revoke_award,
    rotate_key,
    rule_for,
    run_once,
    save_release_rule,
    suspend_award,
    unsuspend_award,
)
from .services.access import ADMIN_ROLES, RULE_ROLES, may, organisations_for, require
from .services.issuers import verification_method
from .webhook_sources_api import router as webhook_sources_router

router = Router(auth=api_auth, tags=["issuance"])
router.add_router("/bulk", bulk_router)
router.add_router("/webhook-sources", webhook_sources_router)


class Page(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=M`` (at most 200); answers ``{items, count}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200)


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _json(status: int, body: dict[str, Any], replayed: bool = False) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _credential(value: str) -> MicroCredential:
    if value.isdigit():
        credential = MicroCredential.objects.filter(pk=int(value)).first()
        if credential is None:
            raise NotFound(f"There is no micro-credential {value}.", code="CREDENTIAL_NOT_FOUND")
        return credential
    return latest_credential(value)


@router.get("/awards", response=list[AwardOut])
@paginate(Page)
def list_awards(
    request: HttpRequest, email: str = "", status: str = "", credential: str = ""
) -> list[dict[str, Any]]:
    """Awards you may see, newest first; filter by recipient email, status (or ``expired``)
    and credential (catalogue id or lineage UUID)."""
    filters = AwardFilters(email=email[:254], status=status[:20], credential=credential[:40])
    qs = awards_for(_caller(request), filters).select_related("requested_by", "replaces", "renews")
    return [award_out(a) for a in qs]


@router.get("/awards/{credential_uuid}", response=AwardOut)
def get_award(request: HttpRequest, credential_uuid: str) -> dict[str, Any]:
    return award_out(award_for(_caller(request), credential_uuid), full=True)


@router.post("/awards", response={200: AwardOut, 201: AwardOut})
def create_award(
    request: HttpRequest,
    payload: AwardIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
) -> HttpResponse:
    """Award a credential. ``Idempotency-Key`` is required: a retry with the same key and body
    gets the first answer; the same key with another body gets 409."""
    user = _caller(request)
    body = payload.dict()
    print_ = fingerprint("POST", "/issuance/awards", body)

    def work() -> tuple[int, dict[str, Any]]:
        award, created = award_by_person(
            user,
            AwardRequest(
                credential=_credential(payload.credential),
                source=payload.source,
                source_event=f"{payload.source}:{payload.event_id or idempotency_key.strip()}",
                recipient=RecipientInput(**payload.recipient.dict()),
                narrative=payload.narrative,
                evidence_url=payload.evidence_url,
                evidence_consent=payload.evidence_consent,
                result={"value": payload.result} if payload.result else None,
            ),
        )
        return (201 if created else 200), award_out(award)

    status, answer, replayed = run_once(user, idempotency_key, print_, work)
    return _json(status, answer, replayed)


def _decide(
    request: HttpRequest, credential_uuid: str, approve: bool, reason: str
) -> dict[str, Any]:
    user = _caller(request)
    award = award_for(user, credential_uuid)
    (approve_awards if approve else reject_awards)(user, [award.pk], reason)
    return award_out(Award.objects.get(pk=award.pk))


@router.post("/awards/{credential_uuid}/approve", response=AwardOut)
def approve(request: HttpRequest, credential_uuid: str, payload: ReasonIn) -> dict[str, Any]:
    return _decide(request, credential_uuid, True, payload.reason)


@router.post("/awards/{credential_uuid}/reject", response=AwardOut)
def reject(request: HttpRequest, credential_uuid: str, payload: ReasonIn) -> dict[str, Any]:
    return _decide(request, credential_uuid, False, payload.reason)


@router.post("/awards/{credential_uuid}/revoke", response=AwardOut)
def revoke(request: HttpRequest, credential_uuid: str, payload: ReasonIn) -> dict[str, Any]:
    user = _caller(request)
    return award_out(revoke_award(user, award_for(user, credential_uuid), payload.reason))


@router.post("/awards/{credential_uuid}/suspend", response=AwardOut)
def suspend(request: HttpRequest, credential_uuid: str, payload: ReasonIn) -> dict[str, Any]:
    user = _caller(request)
    return award_out(suspend_award(user, award_for(user, credential_uuid), payload.reason))


@router.post("/awards/{credential_uuid}/unsuspend", response=AwardOut)
def unsuspend(request: HttpRequest, credential_uuid: str, payload: ReasonIn) -> dict[str, Any]:
    user = _caller(request)
    return award_out(unsuspend_award(user, award_for(user, credential_uuid), payload.reason))


@router.post("/awards/{credential_uuid}/reissue", response={201: AwardOut})
def reissue(request: HttpRequest, credential_uuid: str, payload: ReissueIn) -> Status:
    """Correct an issued credential: a new award replaces it; the old one is revoked."""
    user = _caller(request)
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    if "result" in changes:
        changes["result"] = {"value": changes["result"]}
    return Status(201, award_out(reissue_award(user, award_for(user, credential_uuid), changes)))


def _rule_out(credential: MicroCredential) -> dict[str, Any]:
    rule = rule_for(credential)
    return RuleOut(
        credential_lineage=credential.lineage,
        allowed_sources=list(rule.allowed_sources),
        requires_approval=rule.requires_approval,
        validity_months=rule.validity_months,
        evidence_sharing=rule.evidence_sharing,
        include_result=rule.include_result,
    ).model_dump(mode="json")


@router.get("/rules", response=list[RuleOut])
@paginate(Page)
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    orgs = organisations_for(_caller(request), RULE_ROLES)
    newest: dict[UUID, MicroCredential] = {}
    for credential in MicroCredential.objects.filter(organisation__in=orgs).order_by(
        "lineage", "version"
    ):
        newest[credential.lineage] = credential
    return [_rule_out(c) for c in newest.values()]


@router.get("/rules/{lineage}", response=RuleOut)
def get_rule(request: HttpRequest, lineage: str) -> dict[str, Any]:
    credential = latest_credential(lineage)
    if not may(_caller(request), credential.organisation_id, RULE_ROLES):
        raise NotFound(f"There is no micro-credential “{lineage}”.", code="CREDENTIAL_NOT_FOUND")
    return _rule_out(credential)


@router.put("/rules/{lineage}", response=RuleOut)
def put_rule(request: HttpRequest, lineage: str, payload: RuleIn) -> dict[str, Any]:
    credential = latest_credential(lineage)
    save_release_rule(_caller(request), credential, RuleInput(**payload.dict()))
    return _rule_out(credential)


def _keys(slug: str) -> list[dict[str, Any]]:
    issuer = issuer_by_slug(slug)
    return [
        KeyOut(
            public_key_multibase=k.public_multibase,
            verification_method=verification_method(issuer, k.public_multibase),
            current=k.is_current,
            created_at=k.created_at,
            retired_at=k.retired_at,
        ).model_dump(mode="json")
        for k in published_keys(issuer)
    ]


@router.get("/issuers/{slug}/keys", response=list[KeyOut])
def list_keys(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The issuer's public keys (they are public anyway, in its profile)."""
    return _keys(slug)


@router.post("/issuers/{slug}/keys/rotate", response={201: list[KeyOut]})
def rotate(request: HttpRequest, slug: str) -> Status:
    """Make a new current signing key (administrators); old keys stay published."""
    issuer = issuer_by_slug(slug)
    require(_caller(request), issuer.organisation_id, ADMIN_ROLES)
    rotate_key(_caller(request), issuer)
    return Status(201, _keys(slug))


@router.post("/webhooks/{source}", auth=None, response={200: WebhookAccepted, 201: WebhookAccepted})
def webhook(
    request: HttpRequest,
    source: str,
    timestamp: str = Header("", alias="X-Credstack-Timestamp"),
    signature: str = Header("", alias="X-Credstack-Signature"),
) -> Status:
    """An award from an LMS, e-portfolio or integration platform, signed (see docs/issuance.md)."""
    try:
        body = request.body
    except RequestDataTooBig as e:
        raise Problem("The body is too large.", code="PAYLOAD_TOO_LARGE", status=413) from e
    award, created = receive_webhook(source[:80], timestamp, signature, body)
    body_out = {"award": award.credential_uuid, "status": award.shown_status, "created": created}
    return Status(201 if created else 200, body_out)
