"""Integrations' additions to the celebration page (registered with design in ``ready()``).

The earner's share buttons post to the counted share endpoint (``ShareEvent``) instead of
linking straight to LinkedIn or a mail app, and a stack this award completes offers its
CLR 2.0 learner record: a download when it was issued for this set of awards, else a form
that issues it (idempotent, the wallet's own endpoint).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from credstack.accounts.models import User
from credstack.design.services import CelebrationExtras, ExtraDownload
from credstack.issuance.models import Award, AwardStatus

from .clr import stack_completions


def celebration_extras(user: User | AnonymousUser, award: Award) -> CelebrationExtras:
    """Counted sharing and completed-stack CLRs, for the earner of an issued award only."""
    if not isinstance(user, User) or award.recipient_user_id != user.pk:
        return CelebrationExtras()
    if award.status != AwardStatus.ISSUED:
        return CelebrationExtras()
    downloads = []
    for completion in stack_completions(user):
        if not completion.progress.complete:
            continue
        if all(a.pk != award.pk for a in completion.awards):
            continue
        title = completion.stack.award_title or completion.stack.title
        if completion.clr is not None:
            downloads.append(
                ExtraDownload(
                    label=f"Learner record for {title} (CLR 2.0)",
                    action=reverse("interop:clr_download", args=[completion.clr.credential_uuid]),
                    note="every credential of the stack, signed together",
                )
            )
        else:
            downloads.append(
                ExtraDownload(
                    label=f"Get your learner record for {title} (CLR 2.0)",
                    action=reverse("interop:clr_issue"),
                    method="post",
                    fields={"stack": str(completion.stack.pk)},
                    note="you completed the stack",
                )
            )
    return CelebrationExtras(
        share_action=reverse("interop:share", args=[award.credential_uuid]), downloads=downloads
    )
