"""The demo's assessment: tasks for every published credential, an invited industry assessor,
and submissions in every state (awaiting review, resubmission requested, passed with its
issuance trigger, not yet competent, and an RPL application).

Runs after ``learning``: it uses the running cohort, its terms, and the learners made there.
Everything goes through the assessment services, so the demo shows what the code really does
(receipts, acknowledgement emails in the outbox, judgements, results, the trigger).
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from credstack.accounts.models import User
from credstack.assessment.models import AssessmentTask, TaskKind
from credstack.assessment.services import (
    CriterionInput,
    PortfolioInput,
    SubmissionInput,
    apply_for_rpl,
    invite_assessor,
    judge,
    submit_assessment,
)
from credstack.catalog.models import MicroCredential
from credstack.learning.models import Enrolment
from credstack.learning.services import enrol, mark_commenced

from . import DemoContext, DemoLogin


def _png(width: int = 120, height: int = 60) -> bytes:
    """A small bar chart as a real PNG (ISO/IEC 15948): three bars on white."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            bar = x // 40
            top = (20, 5, 35)[bar]
            inside = 8 <= x % 40 <= 32 and y >= top
            row += bytes((31, 78, 121) if inside else (255, 255, 255))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def _pdf(title: str) -> bytes:
    """A one-page PDF (ISO 32000-1) with a line of text."""
    text = title.replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj".encode() + body + b"endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _tasks(credential: MicroCredential) -> None:
    topic = credential.title
    AssessmentTask.objects.bulk_create(
        [
            AssessmentTask(
                credential=credential,
                position=1,
                kind=TaskKind.WRITTEN,
                prompt=f"In 300 to 500 words, describe a real problem you tackled using {topic.lower()} "
                "and the decision it led to.",
            ),
            AssessmentTask(
                credential=credential,
                position=2,
                kind=TaskKind.FILE,
                prompt="Upload your work product: a report, slide deck, screenshot or workbook.",
            ),
            AssessmentTask(
                credential=credential,
                position=3,
                kind=TaskKind.LINK,
                prompt="Optionally, link to where your work is published (a dashboard, repository "
                "or portfolio page).",
                required=False,
            ),
            AssessmentTask(
                credential=credential,
                position=4,
                kind=TaskKind.REFLECTION,
                prompt="Reflect: what would you do differently next time, and why?",
            ),
        ]
    )


def _hand_in(learner: User, enrolment: Enrolment, summary: str, reflection: str) -> object:
    tasks = {t.kind: t for t in enrolment.credential.assessment_tasks.all()}
    return submit_assessment(
        learner,
        enrolment,
        SubmissionInput(
            answers={
                tasks[TaskKind.WRITTEN].pk: summary,
                tasks[TaskKind.LINK].pk: "https://portfolio.example.net/northbridge/sales-story",
            },
            files={
                tasks[TaskKind.FILE].pk: [
                    SimpleUploadedFile("regional-sales-chart.png", _png()),
                    SimpleUploadedFile("findings-report.pdf", _pdf("Regional sales: findings")),
                ]
            },
            reflection=reflection,
        ),
    )


def _judged(credential: MicroCredential, met: bool, note: str) -> list[CriterionInput]:
    return [CriterionInput(c.pk, met, note) for c in credential.criteria.all()]


def _learner(ctx: DemoContext, username: str, first: str, last: str, what: str) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@learners.example.net",
        password=ctx.password,
        first_name=first,
        last_name=last,
        display_name=f"{first} {last}",
    )
    ctx.users[username] = user
    ctx.logins.append(DemoLogin(username, user.name, f"learner ({what})"))
    return user


def build(ctx: DemoContext) -> None:
    credentials: dict[str, MicroCredential] = ctx.extra["catalog"]["credentials"]
    for credential in credentials.values():
        if credential.status == "published" and credential.criteria.exists():
            _tasks(credential)
    data = credentials["DATA-101"]
    assessor, industry = ctx.users["assessor"], ctx.users["industry-assessor"]
    invite_assessor(assessor, data, industry.email)

    running = ctx.extra["learning"]["running"]
    terms = ctx.extra["learning"]["terms"]
    enrol_on = timezone.make_aware(
        dt.datetime.combine(running.enrol_by - dt.timedelta(days=2), dt.time(9))
    )

    def commenced(user: User) -> Enrolment:
        enrolment = enrol(user, running, accepted=True, terms_version_id=terms.pk, now=enrol_on)
        return mark_commenced(enrolment, now=enrol_on + dt.timedelta(days=3))

    # Awaiting review: Ben finished early (learning marked his enrolment submitted).
    ben = ctx.users["learner4"]
    ben_enrolment = Enrolment.objects.get(learner=ben, offering=running)
    _hand_in(
        ben,
        ben_enrolment,
        "Our regional sales fell 12% in the north while the south grew. Stock-outs explained "
        "most of the gap: I charted weekly availability against sales and recommended weekly "
        "restocking for the five northern stores, which the operations lead accepted.",
        "I would test the story on a colleague earlier; my first draft led with the method.",
    )

    # Passed, with its issuance trigger waiting for the badge issuer.
    olivia = _learner(ctx, "learner7", "Olivia", "Novak", "graduate analyst")
    passed = _hand_in(
        olivia,
        commenced(olivia),
        "I analysed why student-support tickets spiked in week three and showed that a "
        "confusing enrolment email caused 40% of them. The registry rewrote the email.",
        "Next time I would agree the decision-maker's question before opening the data.",
    )
    judge(
        assessor,
        passed,  # type: ignore[arg-type]
        _judged(data, True, "Met: clear, honest and tied to the decision."),
        "pass",
        "An excellent, well-evidenced story that led to a real change. Congratulations.",
    )

    # Resubmission requested.
    rahul = _learner(ctx, "learner8", "Rahul", "Iyer", "career changer")
    again = _hand_in(
        rahul,
        commenced(rahul),
        "I made a dashboard of our café's sales by hour.",
        "I learned a lot about charts.",
    )
    criteria = list(data.criteria.all())
    judge(
        assessor,
        again,  # type: ignore[arg-type]
        [
            CriterionInput(
                c.pk, n == 0, "Good start." if n == 0 else "Add the decision your data supports."
            )
            for n, c in enumerate(criteria)
        ],
        "resubmit",
        "Your chart is sound. Please add the recommendation it supports and its limits, then resubmit.",
    )

    # Not yet competent.
    nina = _learner(ctx, "learner9", "Nina", "Kowalski", "returning to work")
    nyc = _hand_in(
        nina,
        commenced(nina),
        "Here is a spreadsheet of numbers from my previous job.",
        "I ran out of time this term.",
    )
    judge(
        industry,
        nyc,  # type: ignore[arg-type]
        _judged(data, False, "Not yet: the evidence does not show this criterion."),
        "not_yet_competent",
        "The evidence does not yet show any of the criteria. Talk to your facilitator about "
        "joining the next cohort.",
    )

    # An experienced analyst applies for recognition of prior learning instead of enrolling.
    deborah = _learner(ctx, "learner10", "Deborah", "Quinn", "experienced analyst applying for RPL")
    apply_for_rpl(
        deborah,
        data,
        [
            PortfolioInput(
                description=f"Monthly board pack I produced for six years at a regional retailer; "
                f"this issue shows {criterion.text[:60].lower()}.",
                criterion_ids=[criterion.pk],
                file=SimpleUploadedFile(f"board-pack-{n}.pdf", _pdf(f"Board pack, evidence {n}")),
            )
            for n, criterion in enumerate(criteria, start=1)
        ],
        "Eight years of reporting to boards taught me to lead with the decision and show the "
        "uncertainty honestly.",
    )
