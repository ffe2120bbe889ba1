"""Recognition of prior learning: a portfolio mapped to every criterion, judged the same way."""

from __future__ import annotations

from assessment_helpers import PDF_BYTES, all_met, upload
from django.urls import reverse

from credstack.assessment.models import IssuanceTrigger, PortfolioItem, Submission
from credstack.assessment.services import judge
from credstack.catalog.models import Lifecycle
from credstack.learning.models import PriorRecognition


def portfolio_form(credential, map_all=True):  # type: ignore[no-untyped-def]
    first, second = list(credential.criteria.all())
    form = {
        "item-1-description": "Quarterly sales briefing I gave to the regional board, with the chart I chose.",
        "item-1-file": upload("briefing.pdf", PDF_BYTES),
        "item-1-criteria": [str(first.pk)],
        "reflection": "Eight years of reporting to boards taught me to lead with the decision.",
    }
    if map_all:
        form.update(
            {
                "item-2-description": "Board minutes recording the restocking decision I recommended.",
                "item-2-link": "https://intranet.example.org/minutes/2025-03",
                "item-2-criteria": [str(second.pk)],
            }
        )
    return form


def test_a_person_applies_for_rpl_without_enrolling(client_for, credential, cast) -> None:
    response = client_for("outsider").post(
        reverse("assessment:rpl", args=[credential.pk]), portfolio_form(credential)
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (
        submission.kind == "rpl"
        and submission.enrolment is None
        and submission.learner == cast["outsider"]
    )
    items = list(PortfolioItem.objects.order_by("position"))
    assert [i.criteria.count() for i in items] == [1, 1]
    assert items[0].evidence_file.content_type == "application/pdf"
    assert items[1].link == "https://intranet.example.org/minutes/2025-03"


def test_the_form_names_the_criteria_with_no_evidence(client_for, credential) -> None:
    response = client_for("outsider").post(
        reverse("assessment:rpl", args=[credential.pk]), portfolio_form(credential, map_all=False)
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "No evidence is mapped to these criteria yet" in body
    assert "States a recommendation the evidence supports" in body
    assert "No evidence mapped" in body  # the criterion is marked in the list
    assert not Submission.objects.exists()


def test_an_item_needs_a_file_or_a_link(client_for, credential) -> None:
    form = portfolio_form(credential)
    del form["item-1-file"]
    response = client_for("outsider").post(reverse("assessment:rpl", args=[credential.pk]), form)
    assert response.status_code == 422 and "needs a file or a link" in response.content.decode()


def test_a_disguised_portfolio_file_is_refused(client_for, credential) -> None:
    form = portfolio_form(credential)
    form["item-1-file"] = upload("photo.png", b"<html><script>x()</script></html>")
    response = client_for("outsider").post(reverse("assessment:rpl", args=[credential.pk]), form)
    assert response.status_code == 422 and "web page (HTML)" in response.content.decode()
    assert not Submission.objects.exists()


def test_rpl_is_only_for_published_credentials(client_for, credential) -> None:
    credential.status = Lifecycle.RETIRED
    credential.save()
    response = client_for("outsider").get(reverse("assessment:rpl", args=[credential.pk]))
    assert response.status_code == 404


def test_an_rpl_pass_raises_a_trigger_and_records_the_recognition(
    client_for, credential, cast
) -> None:
    client_for("outsider").post(
        reverse("assessment:rpl", args=[credential.pk]), portfolio_form(credential)
    )
    submission = Submission.objects.get()
    judge(cast["assessor"], submission, all_met(credential), "pass", "The board minutes settle it.")
    assert IssuanceTrigger.objects.get().submission == submission
    assert (
        PriorRecognition.objects.get(learner=cast["outsider"], credential=credential).reference
        == submission.receipt_number
    )


def test_the_judging_page_shows_the_portfolio_mapped_per_criterion(client_for, credential) -> None:
    client_for("outsider").post(
        reverse("assessment:rpl", args=[credential.pk]), portfolio_form(credential)
    )
    submission = Submission.objects.get()
    body = (
        client_for("assessor")
        .get(reverse("assessment:review", args=[submission.pk]))
        .content.decode()
    )
    assert "Evidence mapped here" in body
    assert "Quarterly sales briefing" in body and "Board minutes recording" in body
