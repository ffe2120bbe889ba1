"""The learning app's data: enrolment with its commitment, progress, and learner support."""

from .content import Activity, Module
from .enrolment import (
    ACTIVE_STATUSES,
    CredentialInterest,
    Enrolment,
    EnrolmentStatus,
    PriorRecognition,
    TermsVersion,
)
from .progress import ProgressStatement, Verb
from .support import Alert, EngagementRule, HelpRequest, Intervention

__all__ = [
    "ACTIVE_STATUSES",
    "Activity",
    "Alert",
    "CredentialInterest",
    "EngagementRule",
    "Enrolment",
    "EnrolmentStatus",
    "HelpRequest",
    "Intervention",
    "Module",
    "PriorRecognition",
    "ProgressStatement",
    "TermsVersion",
    "Verb",
]
