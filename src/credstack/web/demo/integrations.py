"""Demo wallet: Mateo (learner2) holds a credential imported from an industry partner's
platform, verified like any import, and a CLR for every stack his awards complete.

The partner's credential is signed here with a fresh did:key (resolved offline, so the demo
never needs the network), exactly as another Open Badges 3.0 platform would sign it.
"""

from __future__ import annotations

import json

from credstack.integrations.services import import_credential, issue_clr, stack_completions
from credstack.vc import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Criteria,
    Ed25519Key,
    Profile,
    sign,
)

from . import DemoContext


def _partner_credential(email: str) -> dict[str, object]:
    key = Ed25519Key.generate()
    credential = AchievementCredential.create(
        issuer=Profile(
            id=key.did_key,
            name="Harbour Digital Ltd",
            url="https://harbour-digital.example",
        ),
        name="Cloud Cost Awareness",
        credential_subject=AchievementSubject.for_email(
            email,
            achievement=Achievement(
                id="https://harbour-digital.example/badges/cloud-cost-awareness",
                name="Cloud Cost Awareness",
                description="Reads a cloud bill, finds the three biggest costs and proposes savings.",
                achievement_type="MicroCredential",
                criteria=Criteria(
                    narrative="Completed Harbour Digital's cost review of a sample account, "
                    "checked by one of its cloud engineers."
                ),
            ),
        ),
    )
    return sign(
        credential.to_json(), key, verification_method=f"{key.did_key}#{key.public_multibase}"
    )


def build(ctx: DemoContext) -> None:
    earner = ctx.users["learner2"]
    imported = import_credential(earner, json.dumps(_partner_credential(earner.email)))
    clrs = [
        issue_clr(earner, completion.stack.pk)[0]
        for completion in stack_completions(earner)
        if completion.progress.complete
    ]
    ctx.extra["integrations"] = {"imported": imported, "clrs": clrs}
