from .awards import Award, AwardSource, AwardStatus, EvidenceSharing, effective_evidence_sharing
from .bulk import BulkJob, BulkJobRow
from .inbound import IdempotencyRecord, WebhookDelivery, WebhookSource
from .issuers import IssuerKey, IssuerProfile
from .rules import ReleaseRule
from .status import StatusList

__all__ = [
    "Award",
    "AwardSource",
    "AwardStatus",
    "BulkJob",
    "BulkJobRow",
    "EvidenceSharing",
    "IdempotencyRecord",
    "IssuerKey",
    "IssuerProfile",
    "ReleaseRule",
    "StatusList",
    "WebhookDelivery",
    "WebhookSource",
    "effective_evidence_sharing",
]
