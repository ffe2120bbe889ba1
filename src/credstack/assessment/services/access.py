"""Who may judge, see, and administer what in assessment.

Assessors (and administrators) judge every credential of their organisation. An industry
assessor holds that role at some organisation (often a partner) and may judge only the
credentials they have an open :class:`AssessorInvitation` for: the role alone grants nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from credstack.accounts.models import Membership, Role, User
from credstack.accounts.permissions import has_role
from credstack.catalog.models import MicroCredential

from ..models import AssessorInvitation, Submission

AnyUser = User | AnonymousUser


def _is_industry_assessor(user: User) -> bool:
    cache = user.__dict__
    if "_credstack_industry_assessor" not in cache:
        cache["_credstack_industry_assessor"] = Membership.objects.filter(
            user=user, role=Role.INDUSTRY_ASSESSOR
        ).exists()
    return bool(cache["_credstack_industry_assessor"])


def _organisation_ids(user: User, *roles: str) -> list[int]:
    """Organisations where ``user`` (themselves) holds one of ``roles`` or is administrator.

    Written against Membership directly, in ONE filter, so the user and the role are matched
    on the same membership row (two chained filters on ``memberships__`` would match an
    organisation where the user holds any role and someone else holds the wanted one).
    """
    return list(
        Membership.objects.filter(user=user, role__in=[*roles, Role.ADMINISTRATOR])
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def _invited_credential_ids(user: User) -> list[int]:
    if not _is_industry_assessor(user):
        return []
    return list(
        AssessorInvitation.objects.filter(assessor=user, revoked_at__isnull=True).values_list(
            "credential_id", flat=True
        )
    )


def may_assess(user: AnyUser, credential: MicroCredential) -> bool:
    """True when ``user`` may judge and moderate submissions for ``credential``."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if has_role(user, credential.organisation_id, Role.ASSESSOR):
        return True
    return credential.pk in _invited_credential_ids(user)


def assessable_scope(user: AnyUser) -> Q:
    """A filter on :class:`Submission` selecting what ``user`` may see in the queue: what they
    may assess, plus (read-only) their organisations' submissions for QA managers.

    Expressed as a list of credential ids rather than a join to the credential's organisation,
    so the database can walk the submissions' own indexes (see bench/bench_assessment.py).
    """
    ids = list(queue_credentials(user).values_list("pk", flat=True))
    return Q(credential_id__in=ids)


def assessable_credentials(user: AnyUser) -> QuerySet[MicroCredential]:
    """Credentials ``user`` may assess (for the queue's filter), without touching submissions."""
    if not user.is_authenticated:
        return MicroCredential.objects.none()
    assert isinstance(user, User)
    return MicroCredential.objects.filter(
        Q(organisation_id__in=_organisation_ids(user, Role.ASSESSOR))
        | Q(pk__in=_invited_credential_ids(user))
    )


def queue_credentials(user: AnyUser) -> QuerySet[MicroCredential]:
    """Credentials whose submissions ``user`` sees in the queue (assessors and QA managers)."""
    if not user.is_authenticated:
        return MicroCredential.objects.none()
    assert isinstance(user, User)
    return MicroCredential.objects.filter(
        Q(organisation_id__in=_organisation_ids(user, Role.ASSESSOR, Role.QA_MANAGER))
        | Q(pk__in=_invited_credential_ids(user))
    )


def may_oversee(user: AnyUser, credential: MicroCredential) -> bool:
    """QA managers (and administrators) read every judgement of their organisation's credentials."""
    return has_role(user, credential.organisation_id, Role.QA_MANAGER)


def may_view_submission(user: AnyUser, submission: Submission) -> bool:
    """The learner, anyone who may assess it, and the organisation's QA managers."""
    if not user.is_authenticated:
        return False
    if submission.learner_id == user.pk:
        return True
    credential = submission.credential
    return may_assess(user, credential) or may_oversee(user, credential)


def may_manage_invitations(user: AnyUser, credential: MicroCredential) -> bool:
    """Assessors and QA managers of the credential's organisation invite industry assessors."""
    return has_role(user, credential.organisation_id, Role.ASSESSOR, Role.QA_MANAGER)


def trigger_organisations(user: AnyUser) -> list[int]:
    """Ids of organisations whose issuance triggers ``user`` may see (badge issuers, QA)."""
    if not user.is_authenticated:
        return []
    assert isinstance(user, User)
    return _organisation_ids(user, Role.BADGE_ISSUER, Role.QA_MANAGER)


def is_assessor_anywhere(user: AnyUser) -> bool:
    """True for assessors and QA managers of any organisation, and industry assessors with an
    open invitation: the people the assessment queue is for."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    return bool(
        _organisation_ids(user, Role.ASSESSOR, Role.QA_MANAGER) or _invited_credential_ids(user)
    )
