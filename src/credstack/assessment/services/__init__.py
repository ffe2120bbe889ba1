"""The assessment app's service functions: each takes and returns model instances and runs in
one transaction. Views and API endpoints parse input and call exactly one of these."""

from .access import (
    assessable_credentials,
    assessable_scope,
    is_assessor_anywhere,
    may_assess,
    may_manage_invitations,
    may_oversee,
    may_view_submission,
    queue_credentials,
    trigger_organisations,
)
from .invitations import invite_assessor, revoke_invitation
from .judging import (
    CriterionInput,
    judge,
    moderate,
    raise_issuance_trigger,
)
from .queue import QueueFilters, assessor_queue, issuance_triggers
from .submitting import (
    PortfolioInput,
    SubmissionInput,
    apply_for_rpl,
    submit_assessment,
    unmapped_criteria,
    withdraw_submission,
)
from .tasks import TaskInput, create_task, delete_task, task_by_id, tasks_of, update_task

__all__ = [
    "CriterionInput",
    "PortfolioInput",
    "QueueFilters",
    "SubmissionInput",
    "TaskInput",
    "apply_for_rpl",
    "assessable_credentials",
    "assessable_scope",
    "assessor_queue",
    "create_task",
    "delete_task",
    "invite_assessor",
    "is_assessor_anywhere",
    "issuance_triggers",
    "judge",
    "may_assess",
    "may_manage_invitations",
    "may_oversee",
    "may_view_submission",
    "moderate",
    "queue_credentials",
    "raise_issuance_trigger",
    "revoke_invitation",
    "submit_assessment",
    "task_by_id",
    "tasks_of",
    "trigger_organisations",
    "unmapped_criteria",
    "update_task",
    "withdraw_submission",
]
