"""The CTDL export: Credential Engine terms for credentials, stacks and their routes."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from credstack.catalog.services import (
    PathwayInput,
    StackInput,
    catalogue_document,
    save_pathway,
    save_stack,
)
from credstack.catalog.services.ctdl import CONTEXT

from .conftest import align


def test_a_published_credential_exports_as_a_ctdl_micro_credential(
    client, make_credential, publish_credential, skills, org
):
    base = publish_credential(
        make_credential("DATA-101", price=Decimal("150"), fee_waivers="Alumni pay nothing.")
    )
    credential = make_credential("DATA-201", prerequisite_ids=[base.pk], tags=["Data"])
    align(credential, skills["PY"])
    publish_credential(credential)
    response = client.get(f"/api/v1/catalog/ctdl/credentials/{credential.pk}")
    assert response["Content-Type"].startswith("application/ld+json")
    doc = response.json()
    assert doc["@context"] == CONTEXT
    node = doc["@graph"][0]
    assert node["@type"] == "ceterms:MicroCredential"
    assert node["ceterms:ctid"].startswith("ce-") and len(node["ceterms:ctid"]) == 39
    assert node["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "PT25H"
    assert node["ceterms:credentialStatusType"]["ceterms:targetNode"] == "credentialStat:Active"
    assert node["ceterms:deliveryType"][0]["ceterms:targetNode"] == "deliveryType:OnlineOnly"
    assert node["ceterms:ownedBy"] == node["ceterms:offeredBy"] == [doc["@graph"][1]["@id"]]
    assert doc["@graph"][1]["@type"] == "ceterms:CredentialOrganization"
    earn, prerequisite = node["ceterms:requires"]
    assert earn["ceterms:targetCompetency"][0]["ceterms:targetNodeName"] == {
        "en": "Python programming"
    }
    assert prerequisite["ceterms:targetCredential"] == [
        f"http://127.0.0.1:8000/api/v1/catalog/ctdl/credentials/{base.pk}"
    ] or prerequisite["ceterms:targetCredential"][0].endswith(f"/credentials/{base.pk}")
    assert node["ceterms:subjectWebpage"].endswith(f"/catalogue/{org.slug}/{credential.slug}/")


def test_the_catalogue_exports_stacks_as_certificates_with_advanced_standing(
    cast, org, make_credential, publish_credential
):
    a = publish_credential(make_credential("A-1"))
    make_credential("DRAFT-1")
    stack = save_stack(
        cast["designer"],
        org,
        StackInput(
            title="Analytics",
            award_title="Graduate Certificate in Applied Data Analytics",
            member_ids=[a.pk],
        ),
    )
    save_pathway(
        cast["designer"],
        org,
        PathwayInput(
            title="MSc credit",
            from_stack_id=stack.pk,
            external_award="MSc Data Science",
            credit_granted=Decimal(30),
        ),
    )
    graph = catalogue_document()["@graph"]
    types = sorted(n["@type"] for n in graph)
    assert types == [
        "ceterms:Certificate",
        "ceterms:CredentialOrganization",
        "ceterms:MicroCredential",
    ]
    certificate = next(n for n in graph if n["@type"] == "ceterms:Certificate")
    assert certificate["ceterms:name"] == {"en": "Graduate Certificate in Applied Data Analytics"}
    standing = certificate["ceterms:isAdvancedStandingFor"][0]
    assert standing["ceterms:creditValue"][0]["schema:value"] == 30.0
    micro = next(n for n in graph if n["@type"] == "ceterms:MicroCredential")
    assert micro["ceterms:isPartOf"] == [certificate["@id"]]


def test_a_draft_has_no_ctdl(make_credential):
    assert (
        Client().get(f"/api/v1/catalog/ctdl/credentials/{make_credential().pk}").status_code == 404
    )
