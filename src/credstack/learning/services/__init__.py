"""The learning app's services: what other apps, views and the API call.

Other apps use these (never the models' internals): the assessment app calls
``mark_submitted``/``mark_completed``/``recognise_prior_learning``, issuance calls
``mark_awarded``/``mark_shared``, the catalogue's credential page may call ``note_aware``.
"""

from .access import can_facilitate, facilitated_offerings, is_facilitator, require_enrolment_access
from .assessment_standing import AssessmentStanding, assessment_standing, assessment_standings
from .commitment import check_eligibility, commitment_for, current_terms, enrol_deadline
from .dashboard import celebration, learner_dashboard
from .engagement import evaluate_engagement, rules_for
from .enrolment import (
    accept_commitment,
    defer,
    deferral_targets,
    enrol,
    promote_waitlist,
    waitlist_position,
    withdraw,
)
from .milestones import (
    mark_awarded,
    mark_commenced,
    mark_completed,
    mark_shared,
    mark_submitted,
    note_aware,
    note_chose,
    recognise_prior_learning,
)
from .progress import course_outline, record_statement
from .reminders import send_start_reminders
from .support import (
    acknowledge_alert,
    answer_help,
    ask_for_help,
    configure_rules,
    facilitator_queue,
    record_intervention,
    resolve_alert,
)

__all__ = [
    "AssessmentStanding",
    "accept_commitment",
    "acknowledge_alert",
    "answer_help",
    "ask_for_help",
    "assessment_standing",
    "assessment_standings",
    "can_facilitate",
    "celebration",
    "check_eligibility",
    "commitment_for",
    "configure_rules",
    "course_outline",
    "current_terms",
    "defer",
    "deferral_targets",
    "enrol",
    "enrol_deadline",
    "evaluate_engagement",
    "facilitated_offerings",
    "facilitator_queue",
    "is_facilitator",
    "learner_dashboard",
    "mark_awarded",
    "mark_commenced",
    "mark_completed",
    "mark_shared",
    "mark_submitted",
    "note_aware",
    "note_chose",
    "promote_waitlist",
    "recognise_prior_learning",
    "record_intervention",
    "record_statement",
    "require_enrolment_access",
    "resolve_alert",
    "rules_for",
    "send_start_reminders",
    "waitlist_position",
    "withdraw",
]
