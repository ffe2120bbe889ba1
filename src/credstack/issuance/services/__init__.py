"""The issuance app's services: views, the API, tasks and other apps call these.

Each mutating function runs in one transaction and writes its audit entries in it.
"""

from .approvals import approval_queue, approve_awards, reject_awards
from .awards import AwardFilters, award_by_id, award_by_person, award_for, awards_for
from .delivery import award_for_token, claim_award, send_claim_email
from .idempotency import fingerprint, run_once
from .issuers import (
    create_issuer_profile,
    did_document,
    issuer_by_slug,
    issuer_for,
    issuer_url,
    platform_did_document,
    profile_document,
    profile_json,
    published_keys,
    rotate_key,
    signing_key,
    verification_method,
)
from .issuing import issue_award, reissue_award
from .recipients import RecipientInput
from .rules import RuleInput, latest_credential, rule_for, save_release_rule
from .standing import revoke_award, suspend_award, unsuspend_award
from .status_lists import list_url, published_list
from .triggers import (
    AwardRequest,
    consume_assessment_trigger,
    process_pending_triggers,
    request_award,
)
from .webhook_sources import (
    register_webhook_source,
    revoke_webhook_source,
    rotate_webhook_secret,
    webhook_sources_for,
)
from .webhooks import create_webhook_source, receive_webhook, signature_for

__all__ = [
    "AwardFilters",
    "AwardRequest",
    "RecipientInput",
    "RuleInput",
    "approval_queue",
    "approve_awards",
    "award_by_id",
    "award_by_person",
    "award_for",
    "award_for_token",
    "awards_for",
    "claim_award",
    "consume_assessment_trigger",
    "create_issuer_profile",
    "create_webhook_source",
    "did_document",
    "fingerprint",
    "issue_award",
    "issuer_by_slug",
    "issuer_for",
    "issuer_url",
    "latest_credential",
    "list_url",
    "platform_did_document",
    "process_pending_triggers",
    "profile_document",
    "profile_json",
    "published_keys",
    "published_list",
    "receive_webhook",
    "register_webhook_source",
    "reissue_award",
    "reject_awards",
    "request_award",
    "revoke_award",
    "revoke_webhook_source",
    "rotate_key",
    "rotate_webhook_secret",
    "rule_for",
    "run_once",
    "save_release_rule",
    "send_claim_email",
    "signature_for",
    "signing_key",
    "suspend_award",
    "unsuspend_award",
    "verification_method",
    "webhook_sources_for",
]
