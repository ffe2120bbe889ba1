"""Assessment fixtures: a published credential with criteria and tasks, an offering, a learner
with a commenced enrolment, an invited industry assessor from the partner, and file factories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from assessment_helpers import PDF_BYTES, PNG_BYTES, enrol, hand_in, make_user, upload
from django.utils import timezone

from credstack.accounts.models import Membership, Organisation, Role, User
from credstack.assessment.models import AssessmentTask, AssessorInvitation, Submission, TaskKind
from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential, Offering
from credstack.learning.models import Enrolment


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def credential(org: Organisation, cast: dict[str, User]) -> MicroCredential:
    cred = MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="data-storytelling",
        title="Data Storytelling for Decision-Makers",
        short_description="Turn analysis into a clear, honest story that leads to a decision.",
        volume_hours=30,
        status=Lifecycle.PUBLISHED,
        published_at=timezone.now(),
    )
    AssessmentCriterion.objects.create(
        credential=cred,
        position=1,
        text="Chooses a chart that fits the question and the data",
        rubric="The chart type matches the comparison being made; axes are labelled and honest.",
    )
    AssessmentCriterion.objects.create(
        credential=cred,
        position=2,
        text="States a recommendation the evidence supports",
        rubric="One clear recommendation, with its limits named.",
    )
    AssessmentTask.objects.create(
        credential=cred,
        position=1,
        kind=TaskKind.WRITTEN,
        prompt="Summarise your data story in 300 words.",
    )
    AssessmentTask.objects.create(
        credential=cred, position=2, kind=TaskKind.FILE, prompt="Upload your slide deck or report."
    )
    AssessmentTask.objects.create(
        credential=cred,
        position=3,
        kind=TaskKind.LINK,
        prompt="Link to your published dashboard.",
        required=False,
    )
    AssessmentTask.objects.create(
        credential=cred,
        position=4,
        kind=TaskKind.REFLECTION,
        prompt="Reflect on what you would do differently.",
    )
    return cred


@pytest.fixture
def offering(credential: MicroCredential) -> Offering:
    today = timezone.localdate()
    return Offering.objects.create(
        credential=credential,
        title="Spring cohort",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )


@pytest.fixture
def enrolment(cast: dict[str, User], offering: Offering) -> Enrolment:
    return enrol(cast["learner"], offering)


@pytest.fixture
def industry_assessor(
    partner: Organisation, credential: MicroCredential, cast: dict[str, User]
) -> User:
    """An industry assessor from the partner organisation, invited to ``credential``."""
    user = make_user("industry-expert")
    Membership.objects.create(user=user, organisation=partner, role=Role.INDUSTRY_ASSESSOR)
    AssessorInvitation.objects.create(
        credential=credential, assessor=user, invited_by=cast["assessor"]
    )
    return user


@pytest.fixture
def good_form(credential: MicroCredential) -> Callable[[], dict[str, object]]:
    """Form fields for a complete, valid submission (fresh file objects each call)."""
    tasks = {t.kind: t for t in credential.assessment_tasks.all()}

    def build() -> dict[str, object]:
        return {
            f"task-{tasks['written'].pk}": "Sales fell in the north because stock ran out; restock weekly.",
            f"task-{tasks['file'].pk}": [
                upload("deck.pdf", PDF_BYTES),
                upload("chart.png", PNG_BYTES),
            ],
            f"task-{tasks['link'].pk}": "https://dashboards.example.org/north-sales",
            "reflection": "I would show the uncertainty band earlier.",
        }

    return build


@pytest.fixture
def submission(cast: dict[str, User], enrolment: Enrolment) -> Submission:
    return hand_in(cast["learner"], enrolment)
