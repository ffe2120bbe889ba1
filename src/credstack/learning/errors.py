"""The learning app's refusals, each with a stable code (pages show the detail as a message)."""

from __future__ import annotations

from credstack.problems import Conflict, InvalidInput, Problem


class EnrolmentRefused(Problem):
    """The learner cannot enrol in this offering (closed, past enrol-by, prerequisite...)."""

    status = 409
    code = "ENROLMENT_REFUSED"
    title = "You cannot enrol in this offering"


class AlreadyEnrolled(Conflict):
    """The learner already holds an enrolment for this credential (``enrolment_id`` names it)."""

    code = "ALREADY_ENROLLED"

    def __init__(self, detail: str, *, enrolment_id: int):
        super().__init__(detail, errors=[{"enrolment_id": enrolment_id}])
        self.enrolment_id = enrolment_id


class StatementConflict(Conflict):
    """A statement id was replayed with different content: xAPI 1.0.3 §2.4.1 says reject."""

    code = "STATEMENT_CONFLICT"


class EnrolmentClosed(Conflict):
    """The enrolment is withdrawn, deferred or finished and cannot take this change."""

    code = "ENROLMENT_CLOSED"


__all__ = [
    "AlreadyEnrolled",
    "EnrolmentClosed",
    "EnrolmentRefused",
    "InvalidInput",
    "StatementConflict",
]
