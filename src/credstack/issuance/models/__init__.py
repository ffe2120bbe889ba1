from .awards import Award, AwardSource, AwardStatus
from .bulk import BulkJob, BulkJobRow
from .issuers import IssuerKey, IssuerProfile
from .rules import ReleaseRule
from .status import StatusList

__all__ = [
    "Award",
    "AwardSource",
    "AwardStatus",
    "BulkJob",
    "BulkJobRow",
    "IssuerKey",
    "IssuerProfile",
    "ReleaseRule",
    "StatusList",
]
