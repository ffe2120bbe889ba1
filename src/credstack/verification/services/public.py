"""Public pages' data: one award's page, an earner's opt-in profile, and sharing choices.

Only awards that were actually issued (issued, suspended or revoked) have a public page; a
pending or rejected award is "not found", like a UUID that never existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, transaction

from credstack.accounts.models import User
from credstack.catalog.models import StackMember
from credstack.issuance.models import Award, AwardStatus
from credstack.problems import Forbidden, NotFound

from .. import internal
from ..models import SharedCredential
from ..summary import Summary, summarise

PUBLIC_STATUSES = (AwardStatus.ISSUED, AwardStatus.SUSPENDED, AwardStatus.REVOKED)


def public_url(award: Award) -> str:
    """The stable, public address of an award (in the credential's QR code and share links)."""
    return f"{str(settings.BASE_URL).rstrip('/')}/credentials/{award.credential_uuid}"


def _published() -> Any:
    return Award.objects.filter(status__in=PUBLIC_STATUSES, credential_json__isnull=False)


def _award_id_sql() -> str:
    meta = Award._meta
    column = {name: meta.get_field(name).column for name in ("credential_uuid", "status")}  # type: ignore[union-attr]
    json_column = meta.get_field("credential_json").column  # type: ignore[union-attr]
    marks = ", ".join(["%s"] * len(PUBLIC_STATUSES))
    # Model metadata only is interpolated; values are bound parameters. Written out because
    # compiling the equivalent queryset cost more than running it, on every verification.
    return (
        f"SELECT {meta.pk.column} FROM {meta.db_table} WHERE {column['credential_uuid']} = %s"  # noqa: S608
        f" AND {column['status']} IN ({marks}) AND {json_column} IS NOT NULL"
    )


def _uuid_value(uuid: UUID) -> Any:
    return Award._meta.get_field("credential_uuid").get_db_prep_value(uuid, connection)


def award_for_document(credential: dict[str, Any] | None) -> Award | None:
    """The award behind a credential, when credstack issued it (its issuer is on our origin)."""
    if not isinstance(credential, dict):
        return None
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    raw_id = credential.get("id")
    if not isinstance(issuer_id, str) or not internal.is_internal(issuer_id):
        return None
    if not isinstance(raw_id, str) or not raw_id.startswith("urn:uuid:"):
        return None
    try:
        uuid = UUID(raw_id.removeprefix("urn:uuid:"))
    except ValueError:
        return None
    # Only what a verification uses (the public URL, the event's foreign key): one narrow
    # query; the other fields load on use.
    with connection.cursor() as cursor:
        cursor.execute(_award_id_sql(), [_uuid_value(uuid), *PUBLIC_STATUSES])
        row = cursor.fetchone()
    if row is None:
        return None
    return Award.from_db(DEFAULT_DB_ALIAS, ["id", "credential_uuid"], [row[0], uuid])


@dataclass(slots=True)
class PublicCredential:
    award: Award
    summary: Summary
    url: str


def public_credential(credential_uuid: UUID | str) -> PublicCredential:
    """An issued award by its credential UUID, for its public page (404 for anything else)."""
    try:
        uuid = UUID(str(credential_uuid))
    except ValueError as e:
        raise NotFound("There is no such credential.", code="CREDENTIAL_NOT_FOUND") from e
    award = _published().select_related("issuer", "credential").filter(credential_uuid=uuid).first()
    if award is None:
        raise NotFound("There is no such credential.", code="CREDENTIAL_NOT_FOUND")
    summary = summarise(award.credential_json) or Summary(name=award.credential.title)
    return PublicCredential(award, summary, public_url(award))


@dataclass(slots=True)
class StackGroup:
    title: str
    award_title: str
    credentials: list[PublicCredential] = field(default_factory=list)


def shared_awards(user: User) -> list[tuple[Award, bool]]:
    """The earner's issued awards with whether each is shown on their public profile."""
    awards = list(_published().filter(recipient_user=user).select_related("credential"))
    shown = set(
        SharedCredential.objects.filter(user=user, visible=True).values_list("award_id", flat=True)
    )
    return [(a, a.pk in shown) for a in awards]


@transaction.atomic
def set_shared(user: User, award_id: int, visible: bool) -> SharedCredential:
    """Show or hide one of ``user``'s awards on their public profile (theirs only)."""
    award = _published().filter(pk=award_id).first()
    if award is None or award.recipient_user_id != user.pk:
        raise Forbidden("You can only share your own credentials.", code="NOT_YOUR_CREDENTIAL")
    shared, _ = SharedCredential.objects.update_or_create(
        award=award, defaults={"user": user, "visible": visible}
    )
    return shared


def earner_profile(username: str) -> tuple[User, list[StackGroup]]:
    """A public profile: the credentials the earner chose to show, grouped by stack.

    Not found unless the earner opted in (``User.public_profile``). Revoked credentials are
    never listed; suspended ones are, marked as such on the page.
    """
    user = User.objects.filter(username=username, is_active=True, public_profile=True).first()
    if user is None:
        raise NotFound("There is no public profile here.", code="PROFILE_NOT_FOUND")
    awards = list(
        _published()
        .filter(
            recipient_user=user,
            pk__in=SharedCredential.objects.filter(user=user, visible=True).values("award_id"),
        )
        .exclude(status=AwardStatus.REVOKED)
        .select_related("credential", "issuer")
        .order_by("-issued_at")
    )
    lineages = {a.credential_lineage for a in awards}
    groups: dict[int | None, StackGroup] = {}
    members = StackMember.objects.filter(credential__lineage__in=lineages).select_related(
        "stack", "credential"
    )
    stack_of: dict[Any, Any] = {}
    for member in members:
        stack_of.setdefault(member.credential.lineage, member.stack)
    for award in awards:
        stack = stack_of.get(award.credential_lineage)
        key = stack.pk if stack is not None else None
        if key not in groups:
            groups[key] = (
                StackGroup(stack.title, stack.award_title)
                if stack is not None
                else StackGroup("Other credentials", "")
            )
        summary = summarise(award.credential_json) or Summary(name=award.credential.title)
        groups[key].credentials.append(PublicCredential(award, summary, public_url(award)))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[1].title))
    return user, [group for _, group in ordered]
