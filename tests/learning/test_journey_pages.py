"""The journey's pages: compare, the commitment page, confirmation, course, dashboard, celebrate."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from credstack.catalog.models import Stack, StackMember
from credstack.learning.models import Activity, CredentialInterest, Enrolment, HelpRequest
from credstack.learning.services import mark_completed
from credstack.skills.models import Alignment, Framework, FrameworkItem

from .conftest import make_credential, make_offering

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in_and_come_back(offering):
    url = reverse("learning:enrol_start", args=[offering.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert (
        response["Location"].startswith(reverse("accounts:login"))
        and "next=" in response["Location"]
    )


def test_the_commit_page_shows_the_whole_commitment_and_records_the_choice(
    client_for, cast, offering, terms
):
    response = client_for("learner").get(reverse("learning:enrol_start", args=[offering.pk]))
    html = response.content.decode()
    for text in [
        "About 5 hours a week",
        "EUR 450.00",
        "Free for current students.",
        "Take part and submit your own work.",
        "Teach, support and assess fairly.",
        "version 1",
        "6 weeks",
        "Clean and summarise a small data set.",
    ]:
        assert text in html
    interest = CredentialInterest.objects.get(learner=cast["learner"])
    assert interest.aware_at and interest.chose_at


def test_committing_without_ticking_the_box_writes_nothing(client_for, offering, terms):
    url = reverse("learning:enrol_start", args=[offering.pk])
    response = client_for("learner").post(url, {"terms_version": terms.pk})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_committing_confirms_and_shows_the_cohort_and_facilitator(
    client_for, cast, offering, terms, enrol_in
):
    peer = cast["outsider"]
    peer.visible_to_cohort = True
    peer.save()
    enrol_in(peer, offering)
    enrol_in(cast["designer"], offering)  # not visible to the cohort
    client = client_for("learner")
    response = client.post(
        reverse("learning:enrol_start", args=[offering.pk]),
        {"accept": "on", "terms_version": terms.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "re enrolled in Data Literacy Essentials" in html
    assert str(peer) in html and str(cast["designer"]) not in html
    assert str(cast["facilitator"]) in html


def test_a_duplicate_enrolment_is_explained_with_a_link_to_the_existing_one(
    client_for, cast, offering, terms, enrol_in
):
    existing = enrol_in(cast["learner"], offering)
    response = client_for("learner").post(
        reverse("learning:enrol_start", args=[offering.pk]),
        {"accept": "on", "terms_version": terms.pk},
    )
    assert response.status_code == 409
    assert reverse("learning:course", args=[existing.pk]) in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_compare_shows_up_to_three_and_refuses_a_fourth(client_for, org, credential):
    others = [make_credential(org, code=f"C-{i}", title=f"Credential {i}") for i in range(3)]
    client = client_for("learner")
    ids = ",".join(str(c.pk) for c in [credential, *others[:2]])
    ok = client.get(reverse("learning:compare"), {"ids": ids})
    assert ok.status_code == 200 and "Credential 1" in ok.content.decode()
    too_many = client.get(reverse("learning:compare"), {"ids": ids + f",{others[2].pk}"})
    assert too_many.status_code == 400
    assert "up to 3 credentials" in too_many.content.decode()
    bad = client.get(reverse("learning:compare"), {"ids": "1,abc"})
    assert bad.status_code == 400


def test_compare_says_where_each_credential_leads(client_for, org, credential):
    stack = Stack.objects.create(
        organisation=org,
        title="Data stack",
        slug="data",
        award_title="Graduate Certificate in Data Practice",
    )
    StackMember.objects.create(stack=stack, credential=credential)
    html = (
        client_for("learner")
        .get(reverse("learning:compare"), {"ids": str(credential.pk)})
        .content.decode()
    )
    assert "Graduate Certificate in Data Practice" in html


def test_the_course_page_records_progress_idempotently(client_for, cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    act = Activity.objects.filter(module__credential=offering.credential).first()
    client = client_for("learner")
    data = {"statement_id": str(uuid.uuid4()), "activity": act.pk, "verb": "completed"}
    url = reverse("learning:record_progress", args=[e.pk])
    client.post(url, data)
    client.post(url, data)  # a double submit
    assert e.statements.count() == 1
    html = client.get(reverse("learning:course", args=[e.pk])).content.decode()
    assert "1 of 4 activities done (25%)" in html and "Ask for help" in html


def test_asking_for_help_reaches_the_facilitator(client_for, cast, offering, enrol_in):
    e = enrol_in(cast["learner"], offering)
    client_for("learner").post(
        reverse("learning:ask_help", args=[e.pk]), {"message": "I am stuck on pivot tables."}
    )
    help_request = HelpRequest.objects.get()
    assert help_request.enrolment == e
    queue = client_for("facilitator").get(reverse("learning:queue")).content.decode()
    assert "I am stuck on pivot tables." in queue


def test_the_dashboard_shows_progress_and_stack_progress(
    client_for, cast, org, credential, offering, enrol_in
):
    second = make_credential(org, code="DATA-102", title="Data Visualisation")
    third = make_credential(org, code="DATA-103", title="Data Ethics")
    stack = Stack.objects.create(
        organisation=org,
        title="Data stack",
        slug="data",
        award_title="Graduate Certificate in Data Practice",
    )
    for i, c in enumerate([credential, second, third]):
        StackMember.objects.create(stack=stack, credential=c, position=i)
    mark_completed(enrol_in(cast["learner"], make_offering(second)))
    enrol_in(cast["learner"], offering)
    html = client_for("learner").get(reverse("learning:dashboard")).content.decode()
    assert "1 of 3 credentials toward Graduate Certificate in Data Practice" in html
    assert "0 of 4 activities (0%)" in html and "Activity 1.1" in html


def test_the_celebrate_page_recommends_by_stack_and_shared_skills(
    client_for, cast, org, credential, offering, enrol_in
):
    next_in_stack = make_credential(org, code="DATA-102", title="Data Visualisation")
    make_offering(next_in_stack, starts_in=40)
    stack = Stack.objects.create(
        organisation=org, title="Data stack", slug="data", award_title="Grad Cert"
    )
    StackMember.objects.create(stack=stack, credential=credential, position=0)
    StackMember.objects.create(stack=stack, credential=next_in_stack, position=1)
    similar = make_credential(org, code="SQL-1", title="SQL for Analysts")
    framework = Framework.objects.create(title="Digital skills", slug="digital")
    item = FrameworkItem.objects.create(framework=framework, code="DA1", title="Data analysis")
    Alignment.objects.create(credential=credential, item=item)
    Alignment.objects.create(credential=similar, item=item)
    e = mark_completed(enrol_in(cast["learner"], offering))
    html = client_for("learner").get(reverse("learning:celebrate", args=[e.pk])).content.decode()
    assert "Data Visualisation" in html and "Next in Data stack" in html
    assert "SQL for Analysts" in html and "Builds on skills" in html
    assert "Your digital badge" in html  # the badge-claim hook's fallback panel
    assert reverse("learning:enrol_start", args=[next_in_stack.offerings.get().pk]) in html
