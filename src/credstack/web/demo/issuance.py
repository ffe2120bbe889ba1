"""Demo issuance: Northbridge's issuer with a key, release rules, and awards in every state.

Data Storytelling (DATA-101) needs QA approval and links evidence; the security
fundamentals credential (SEC-101) is released automatically by its rule. The assessment
demo's pass becomes a pending award; the rest are manual awards by the badge issuer:
pending approval, issued, claimed, suspended, revoked, and one issued three years ago that
has expired.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from credstack.catalog.models import MicroCredential
from credstack.issuance.models import Award
from credstack.issuance.services import (
    AwardRequest,
    RecipientInput,
    RuleInput,
    claim_award,
    create_issuer_profile,
    create_webhook_source,
    issue_award,
    process_pending_triggers,
    request_award,
    revoke_award,
    save_release_rule,
    send_claim_email,
    suspend_award,
)

from . import DemoContext

ALL_TRIGGERS = ["assessment", "webhook", "eportfolio", "csv", "api", "manual"]


def _manual(
    ctx: DemoContext, credential: MicroCredential, event: str, email: str, name: str, narrative: str
) -> Award:
    award, _ = request_award(
        AwardRequest(
            credential=credential,
            source="manual",
            source_event=f"manual:demo-{event}",
            recipient=RecipientInput(email=email, name=name),
            narrative=narrative,
            requested_by=ctx.users["issuer"],
        ),
        actor=ctx.users["issuer"],
    )
    return award


def build(ctx: DemoContext) -> None:
    org = ctx.institution
    qa, issuer_user = ctx.users["qa"], ctx.users["issuer"]
    credentials: dict[str, MicroCredential] = ctx.extra["catalog"]["credentials"]
    # Fresh rows: the catalogue builder published them through other instances.
    data = MicroCredential.objects.get(pk=credentials["DATA-101"].pk)
    security = MicroCredential.objects.get(pk=credentials["SEC-101"].pk)
    issuer = create_issuer_profile(
        None,
        org,
        description="Northbridge Institute of Technology issues stackable micro-credentials "
        "co-designed with industry partners.",
    )
    create_webhook_source(None, org, "northbridge-moodle")
    save_release_rule(
        qa,
        data,
        RuleInput(
            allowed_sources=ALL_TRIGGERS,
            requires_approval=True,
            validity_months=36,
            evidence_sharing="link",
        ),
    )
    save_release_rule(
        qa,
        security,
        RuleInput(
            allowed_sources=["manual", "api", "webhook"],
            requires_approval=False,
            validity_months=24,
        ),
    )

    # The assessment demo's pass: waits for QA approval with its submission behind it.
    process_pending_triggers()
    _manual(
        ctx,
        data,
        "pending",
        "kofi.mensah@learners.example.net",
        "Kofi Mensah",
        "Presented the library footfall analysis to the facilities committee.",
    )

    issued = _manual(
        ctx,
        security,
        "issued",
        "sophie.turner@learners.example.net",
        "Sophie Turner",
        "Completed the phishing-response simulation.",
    )
    learner = ctx.users["learner2"]
    to_claim = issue_award(
        _manual(
            ctx,
            data,
            "claimed",
            learner.email,
            learner.name,
            "Told the story of a regional bus timetable change with open data.",
        ),
        actor=qa,
        deliver=False,
    )
    token = send_claim_email(to_claim)
    if token:
        claim_award(learner, token)
    suspended = _manual(
        ctx,
        security,
        "suspended",
        "liam.walsh@learners.example.net",
        "Liam Walsh",
        "Completed the incident-triage lab.",
    )
    suspend_award(qa, suspended, "Assessment integrity review in progress.")
    revoked = _manual(
        ctx,
        security,
        "revoked",
        "noah.fischer@learners.example.net",
        "Noah Fischer",
        "Completed the secure-configuration lab.",
    )
    revoke_award(issuer_user, revoked, "Awarded to the wrong learner; the record was corrected.")
    expired = _manual(
        ctx,
        data,
        "expired",
        "grace.obi@learners.example.net",
        "Grace Obi",
        "Built a data story on hospital waiting times (2023 intake).",
    )
    issue_award(expired, actor=qa, issued_at=timezone.now() - timedelta(days=3 * 365 + 30))
    ctx.extra["issuance"] = {"issuer": issuer, "issued": issued}
