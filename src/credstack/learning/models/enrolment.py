"""Enrolment with its explicit commitment, the terms accepted, and the journey's timestamps.

The learner-and-earner journey (micro-credentials guide, Figure 5) runs: be aware → choose →
commit → pre-commence → commence → complete → celebrate → use and share. Each phase has a
timestamp here so the insights app can draw the funnel; each is set once, the first time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EnrolmentStatus(models.TextChoices):
    WAITLISTED = "waitlisted", "Waitlisted"
    COMMITTED = "committed", "Confirmed"
    COMMENCED = "commenced", "Learning"
    SUBMITTED = "submitted", "Submitted for assessment"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DEFERRED = "deferred", "Deferred"


# The statuses that hold a place in the journey for a credential: a learner has at most one
# enrolment per credential in any of them (a completed one too: enrolling again in something
# already earned is a mistake, not a choice). Withdrawn and deferred enrolments are closed.
ACTIVE_STATUSES = (
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.COMMITTED,
    EnrolmentStatus.COMMENCED,
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.COMPLETED,
)
# The statuses that take one of an offering's places (capacity).
PLACE_STATUSES = (
    EnrolmentStatus.COMMITTED,
    EnrolmentStatus.COMMENCED,
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.COMPLETED,
)


class TermsVersion(models.Model):
    """One version of an organisation's terms and conditions for enrolment.

    A learner accepts the version in force when they commit; a later version never changes
    what an earlier learner agreed to, so versions are only ever added.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="terms_versions"
    )
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200, default="Terms and conditions of enrolment")
    text = models.TextField()
    learner_obligations = models.TextField(help_text="What the learner undertakes to do.")
    provider_obligations = models.TextField(help_text="What the institution undertakes to do.")
    effective_from = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="learning_terms_version_unique"
            )
        ]
        ordering = ["organisation", "-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class CredentialInterest(models.Model):
    """The first two phases, before any enrolment exists: aware (first viewed) and chose.

    Copied into the enrolment when the learner commits, so the funnel has all phases in one row.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credential_interests"
    )
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.CASCADE, related_name="+"
    )
    aware_at = models.DateTimeField()
    chose_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "credential"], name="learning_interest_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} aware of {self.credential_id}"


class PriorRecognition(models.Model):
    """A credential recognised without an enrolment (the assessment app's RPL pass).

    It satisfies prerequisites exactly as a completed enrolment does.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prior_recognitions"
    )
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=30, default="rpl")
    reference = models.CharField(max_length=200, blank=True)
    recognised_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "credential"], name="learning_recognition_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} holds {self.credential_id} ({self.source})"


class Enrolment(models.Model):
    """A learner's enrolment in one offering, with the commitment they accepted."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    offering = models.ForeignKey(
        "catalog.Offering", on_delete=models.PROTECT, related_name="enrolments"
    )
    # Denormalised from the offering so "one active enrolment per credential" is a constraint.
    credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=12, choices=EnrolmentStatus.choices, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)

    aware_at = models.DateTimeField(null=True, blank=True)
    chose_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    commenced_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    accepted_terms = models.ForeignKey(
        TermsVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # What the learner saw when they accepted (effort, duration, dates, obligations, benefits,
    # cost, fee waiver, terms version): the offering may change later, the promise may not.
    commitment = models.JSONField(default=dict, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)
    deferred_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="deferred_from"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "credential"],
                condition=models.Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="learning_one_active_enrolment_per_credential",
            )
        ]
        indexes = [
            models.Index(fields=["offering", "status"]),
            models.Index(fields=["learner", "status"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.learner} in {self.offering_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        """True while the enrolment may still change course (not finished, not closed)."""
        return self.status in (
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.COMMITTED,
            EnrolmentStatus.COMMENCED,
        )
