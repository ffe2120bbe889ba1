"""Helpers for the assessment tests: tiny real files of each kind, hostile ones, and builders.

Imported by name (``from assessment_helpers import ...``): a unique module name, because
``import conftest`` would depend on which conftest pytest loaded first.
"""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from credstack.accounts.models import User
from credstack.assessment.models import Submission
from credstack.assessment.services import CriterionInput, SubmissionInput, submit_assessment
from credstack.catalog.models import MicroCredential, Offering
from credstack.learning.models import Enrolment, EnrolmentStatus

PASSWORD = "correct horse battery staple"

# The smallest valid PNG (1x1, transparent) and a minimal PDF: real signatures, tiny bodies.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def docx_bytes(extra: dict[str, bytes] | None = None, manifest: str | None = None) -> bytes:
    """A minimal Office Open XML word-processing package (ECMA-376 Part 2)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            manifest
            or '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_user(username: str) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )


def enrol(learner: User, offering: Offering, status: str = EnrolmentStatus.COMMENCED) -> Enrolment:
    now = timezone.now()
    return Enrolment.objects.create(
        learner=learner,
        offering=offering,
        credential=offering.credential,
        status=status,
        committed_at=now,
        commenced_at=now if status == EnrolmentStatus.COMMENCED else None,
    )


def hand_in(learner: User, enrolment: Enrolment) -> Submission:
    """A complete submission through the real service (a PDF as the file evidence)."""
    tasks = {t.kind: t for t in enrolment.credential.assessment_tasks.all()}
    data = SubmissionInput(
        answers={tasks["written"].pk: "Restock the northern stores weekly; the data shows why."},
        files={tasks["file"].pk: [upload("deck.pdf", PDF_BYTES)]},
        reflection="Next time I would test the story on a colleague first.",
    )
    return submit_assessment(learner, enrolment, data)


def all_met(credential: MicroCredential, met: bool = True) -> list[CriterionInput]:
    return [
        CriterionInput(c.pk, met, "Clear and well evidenced.") for c in credential.criteria.all()
    ]
