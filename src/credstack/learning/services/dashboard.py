"""The learner's dashboard and the celebrate page, in a fixed number of queries.

The journey's "commence and focus" phase asks for "a learner dashboard to track [progress]".
The dashboard is read on every visit, so its cost must not grow with the number of
enrolments a learner has: each section is one query over all of them, joined in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential, Offering

from ..models import Activity, Alert, Enrolment, EnrolmentStatus, ProgressStatement
from ..models.enrolment import PLACE_STATUSES
from ..models.progress import DONE_VERBS
from .assessment_standing import AssessmentStanding, assessment_standings
from .catalog_reads import (
    StackProgress,
    Step,
    leads_to,
    shared_skill_recommendations,
    stack_progress,
)
from .commitment import completed_lineages
from .progress import due_on

# Cards for these show no assessment, so their submissions are not read.
_CLOSED_OR_FINISHED = (
    EnrolmentStatus.WITHDRAWN,
    EnrolmentStatus.DEFERRED,
    EnrolmentStatus.COMPLETED,
)


@dataclass
class EnrolmentCard:
    enrolment: Enrolment
    assessment: AssessmentStanding
    total: int = 0
    done: int = 0
    next_activity: Activity | None = None
    next_due: dt.date | None = None
    waitlist_position: int | None = None
    alerts: list[Alert] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Dashboard:
    current: list[EnrolmentCard]
    finished: list[EnrolmentCard]
    closed: list[EnrolmentCard]
    stacks: list[StackProgress]


def learner_dashboard(learner: User) -> Dashboard:
    enrolments = list(
        Enrolment.objects.filter(learner=learner).select_related(
            "offering__credential__organisation", "offering__facilitator"
        )
    )
    ids = [e.pk for e in enrolments]
    cred_ids = {e.credential_id for e in enrolments}
    activities: dict[int, list[Activity]] = defaultdict(list)
    for a in Activity.objects.filter(module__credential_id__in=cred_ids).select_related("module"):
        activities[a.module.credential_id].append(a)
    done: dict[int, set[int]] = defaultdict(set)
    for enrolment_id, activity_id in (
        ProgressStatement.objects.filter(enrolment_id__in=ids, verb__in=DONE_VERBS)
        .values_list("enrolment_id", "activity_id")
        .distinct()
    ):
        done[enrolment_id].add(activity_id)
    alerts: dict[int, list[Alert]] = defaultdict(list)
    for alert in (
        Alert.objects.filter(enrolment_id__in=ids)
        .exclude(status=Alert.Status.RESOLVED)
        .select_related("rule")
    ):
        alerts[alert.enrolment_id].append(alert)
    positions = _waitlist_positions(
        [e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED]
    )
    standings = assessment_standings([e for e in enrolments if e.status not in _CLOSED_OR_FINISHED])

    board = Dashboard([], [], [], [])
    for e in enrolments:
        todo = [a for a in activities[e.credential_id] if a.pk not in done[e.pk]]
        card = EnrolmentCard(
            e,
            assessment=standings.get(e.pk) or AssessmentStanding(e, None),
            total=len(activities[e.credential_id]),
            done=len(done[e.pk]),
            next_activity=todo[0] if todo else None,
            next_due=due_on(e, todo[0]) if todo else None,
            waitlist_position=positions.get(e.pk),
            alerts=alerts[e.pk],
        )
        if e.status in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.DEFERRED):
            board.closed.append(card)
        elif e.status == EnrolmentStatus.COMPLETED:
            board.finished.append(card)
        else:
            board.current.append(card)
    board.current.sort(key=lambda c: c.enrolment.offering.starts_on)
    live = {e.credential_id for e in enrolments if e.status not in ("withdrawn", "deferred")}
    board.stacks = stack_progress(live, completed_lineages(learner))
    return board


def cohort(enrolment: Enrolment) -> list[User]:
    """The learner's peers in the offering who chose to be visible to their cohort."""
    return [
        e.learner
        for e in Enrolment.objects.filter(
            offering_id=enrolment.offering_id,
            status__in=PLACE_STATUSES,
            learner__visible_to_cohort=True,
        )
        .exclude(learner_id=enrolment.learner_id)
        .select_related("learner")
        .order_by("learner__display_name", "learner__username")[:50]
    ]


def _waitlist_positions(waitlisted: list[Enrolment]) -> dict[int, int]:
    """Each waitlisted enrolment's place in its offering's queue (one query for all)."""
    if not waitlisted:
        return {}
    queue: dict[int, list[int]] = defaultdict(list)
    for pk, offering_id in (
        Enrolment.objects.filter(
            offering_id__in={e.offering_id for e in waitlisted}, status=EnrolmentStatus.WAITLISTED
        )
        .order_by("waitlisted_at", "pk")
        .values_list("pk", "offering_id")
    ):
        queue[offering_id].append(pk)
    return {e.pk: queue[e.offering_id].index(e.pk) + 1 for e in waitlisted}


@dataclass
class NextStep:
    credential: MicroCredential
    why: str
    offering: Offering | None


@dataclass
class Celebration:
    enrolment: Enrolment
    outcomes: list[str]
    skills: list[str]
    leads_to: list[Step]
    stacks: list[StackProgress]
    next_steps: list[NextStep]


def _next_open_offering(credential: MicroCredential, today: dt.date) -> Offering | None:
    for offering in credential.offerings.all():
        if offering.is_open and (offering.enrol_by or offering.starts_on) >= today:
            return offering
    return None


def celebration(enrolment: Enrolment, *, today: dt.date) -> Celebration:
    """What the earner achieved and where it leads: stack next steps, then shared-skill picks."""
    credential = enrolment.credential
    held = completed_lineages(enrolment.learner)
    enrolled = set(
        Enrolment.objects.filter(
            learner=enrolment.learner,
            status__in=[s for s in EnrolmentStatus.values if s not in ("withdrawn", "deferred")],
        ).values_list("credential__lineage", flat=True)
    )
    skip = held | {str(x) for x in enrolled}
    stacks = stack_progress({credential.pk}, held)
    steps: list[NextStep] = []
    seen: set[int] = set()
    for sp in stacks:
        for c in sp.remaining:
            if c.pk not in seen and str(c.lineage) not in skip and c.status == "published":
                seen.add(c.pk)
                steps.append(NextStep(c, f"Next in {sp.stack_title}", None))
    for c in shared_skill_recommendations(credential, skip):
        if c.pk not in seen:
            seen.add(c.pk)
            steps.append(NextStep(c, "Builds on skills you have just shown", None))
    for step in steps:
        step.offering = _next_open_offering(step.credential, today)
    return Celebration(
        enrolment=enrolment,
        outcomes=[o.text for o in credential.outcomes.all()],
        skills=[a.item.title for a in credential.alignments.select_related("item")],
        leads_to=leads_to(credential),
        stacks=stacks,
        next_steps=steps,
    )
