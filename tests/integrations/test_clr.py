"""CLR 2.0 for completed stacks: only when complete, idempotent per set of awards, verifiable."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry, User
from credstack.catalog.models import MicroCredential, Stack
from credstack.integrations.models import IssuedClr
from credstack.integrations.services import issue_clr, stack_completions
from credstack.issuance.models import Award
from credstack.issuance.services import revoke_award
from credstack.problems import Conflict, NotFound
from credstack.vc.verify import verify
from credstack.verification.fetcher import GuardedFetcher

pytestmark = pytest.mark.django_db


def test_it_refuses_a_clr_until_the_stack_is_complete(
    award_to: Callable[..., Award], units: list[MicroCredential], stack: Stack, earner: User
) -> None:
    award_to(units[0], earner)
    with pytest.raises(Conflict) as refused:
        issue_clr(earner, stack.pk)
    assert refused.value.code == "STACK_NOT_COMPLETE"
    assert not IssuedClr.objects.exists()


def test_someone_with_no_credential_in_the_stack_is_told_so(stack: Stack, earner: User) -> None:
    with pytest.raises(NotFound) as refused:
        issue_clr(earner, stack.pk)
    assert refused.value.code == "STACK_NOT_STARTED"


def test_a_complete_stack_gives_a_signed_clr_that_verifies_with_each_bundled_credential(
    award_to: Callable[..., Award], units: list[MicroCredential], stack: Stack, earner: User
) -> None:
    awards = [award_to(unit, earner) for unit in units]
    clr, created = issue_clr(earner, stack.pk)
    assert created
    document = clr.credential_json
    assert "ClrCredential" in document["type"]
    assert "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json" in document["@context"]
    subject = document["credentialSubject"]
    assert [c["id"] for c in subject["verifiableCredential"]] == [
        f"urn:uuid:{a.credential_uuid}" for a in awards
    ]
    program = subject["achievement"][0]
    assert program["id"] == "https://credstack.test/clr/stacks/cyber-security-operations"
    assert program["name"] == "Certificate in Cyber Security Operations"
    links = {(a["associationType"], a["targetId"]) for a in subject["association"]}
    assert links == {("isPartOf", program["id"])}
    assert len(subject["association"]) == 2
    assert subject["identifier"][0]["identityHash"].startswith("sha256$")
    report = verify(document, fetcher=GuardedFetcher())
    assert report.result == "valid", report.to_text()
    for bundled in subject["verifiableCredential"]:
        assert verify(bundled, fetcher=GuardedFetcher()).result == "valid"
    assert AuditEntry.objects.filter(action="integrations.clr.issued").count() == 1


def test_asking_again_returns_the_same_clr_until_the_set_of_awards_changes(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    cast: dict[str, User],
) -> None:
    first_awards = [award_to(unit, earner) for unit in units]
    first, _ = issue_clr(earner, stack.pk)
    again, created = issue_clr(earner, stack.pk)
    assert (again.pk, created) == (first.pk, False)
    # A recertification changes the set: a new record is issued beside the old one.
    revoke_award(cast["administrator"], first_awards[0], "Superseded by recertification.")
    with pytest.raises(Conflict):
        issue_clr(earner, stack.pk)
    award_to(units[0], earner)
    renewed, created = issue_clr(earner, stack.pk)
    assert created and renewed.pk != first.pk
    assert IssuedClr.objects.filter(earner=earner).count() == 2


def test_only_the_earners_own_awards_are_bundled(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    cast: dict[str, User],
) -> None:
    award_to(units[0], earner)
    award_to(units[1], cast["outsider"])
    [completion] = stack_completions(earner)
    assert not completion.progress.complete
    with pytest.raises(Conflict):
        issue_clr(earner, stack.pk)


def test_the_stack_achievement_is_published_at_its_id(stack: Stack) -> None:
    response = Client().get("/clr/stacks/cyber-security-operations", HTTP_HOST="credstack.test")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["id"] == "https://credstack.test/clr/stacks/cyber-security-operations"
    assert body["achievementType"] == "LearningProgram"
    assert Client().get("/clr/stacks/no-such-stack").status_code == 404


def test_the_earner_issues_and_downloads_the_clr_from_the_wallet(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    earner_client: Client,
) -> None:
    for unit in units:
        award_to(unit, earner)
    page = earner_client.get("/wallet")
    assert b"Get my learner record" in page.content
    response = earner_client.post("/wallet/clrs", {"stack": stack.pk})
    assert response.status_code == 302
    clr = IssuedClr.objects.get(earner=earner)
    download = earner_client.get(f"/wallet/clrs/{clr.credential_uuid}.json")
    assert download.status_code == 200
    assert json.loads(download.content) == clr.credential_json
    other = Client(HTTP_HOST="credstack.test")
    other.force_login(User.objects.get(username="outsider"))
    assert other.get(f"/wallet/clrs/{clr.credential_uuid}.json").status_code == 404


def test_the_api_issues_idempotently_and_refuses_an_incomplete_stack(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    earner_client: Client,
) -> None:
    award_to(units[0], earner)
    refused = earner_client.post(
        "/api/v1/integrations/clrs", {"stack_id": stack.pk}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "STACK_NOT_COMPLETE")
    award_to(units[1], earner)
    created = earner_client.post(
        "/api/v1/integrations/clrs", {"stack_id": stack.pk}, content_type="application/json"
    )
    again = earner_client.post(
        "/api/v1/integrations/clrs", {"stack_id": stack.pk}, content_type="application/json"
    )
    assert (created.status_code, again.status_code) == (201, 200)
    assert created.json()["credential_uuid"] == again.json()["credential_uuid"]
    fetched = earner_client.get(created.json()["download_url"])
    assert "ClrCredential" in fetched.json()["type"]
    listed = earner_client.get("/api/v1/integrations/clrs")
    assert listed.json()["count"] == 1
