"""Aligning credentials to items, and the OB 3.0 Alignment objects issuance embeds."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.conf import settings

from credstack.accounts.models import AuditEntry
from credstack.catalog.models import Lifecycle
from credstack.problems import Conflict, InvalidInput
from credstack.skills import services
from credstack.skills.interchange.plan import PlannedItem

from .factories import ESCO_URI, item, level, make_credential

SCHEMA = settings.PACKAGE_DIR / "vc" / "schemas" / "ob_v3p0_achievementcredential_schema.json"


def alignment_schema() -> dict:
    schema = json.loads(SCHEMA.read_text())
    return {"$schema": schema["$schema"], **schema["$defs"]["Alignment"]}


def test_it_aligns_a_credential_with_a_proficiency_and_audits_it(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), level(framework, 3), designer)
    [alignment] = services.alignments_for(credential)
    assert (alignment.item.code, alignment.proficiency.name) == ("DA.1.1", "Proficient")
    entry = AuditEntry.objects.get(action="skills.alignment.created")
    assert entry.actor == designer and entry.organisation == credential.organisation


def test_re_aligning_changes_the_level_instead_of_duplicating(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), level(framework, 3), designer)
    services.align(credential, item(framework, "DA.1.1"), level(framework, 4), designer)
    [alignment] = services.alignments_for(credential)
    assert alignment.proficiency.rank == 4
    assert AuditEntry.objects.filter(action="skills.alignment.updated").count() == 1


def test_it_rejects_a_level_from_another_framework(framework, org, designer, credential):
    other = services.create_framework(org, designer, title="Other")
    foreign = services.create_level(other, designer, rank=1, name="One")
    with pytest.raises(InvalidInput) as e:
        services.align(credential, item(framework, "DA.1.1"), foreign, designer)
    assert e.value.code == "PROFICIENCY_NOT_IN_FRAMEWORK"
    assert services.alignments_for(credential) == []


def test_it_rejects_items_of_another_organisations_framework(framework, partner, designer):
    theirs = make_credential(partner, code="their-101")
    from credstack.accounts.models import Membership

    Membership.objects.create(user=designer, organisation=partner, role="designer")
    with pytest.raises(InvalidInput) as e:
        services.align(theirs, item(framework, "DA.1.1"), None, designer)
    assert e.value.code == "FRAMEWORK_NOT_AVAILABLE"


def test_it_rejects_items_of_a_superseded_version(framework, designer, credential):
    services.create_version(framework, designer, version="2.0")
    with pytest.raises(Conflict) as e:
        services.align(credential, item(framework, "DA.1.1"), None, designer)
    assert e.value.code == "FRAMEWORK_SUPERSEDED"


def test_old_alignments_survive_a_new_version(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), level(framework, 2), designer)
    services.create_version(framework, designer, version="2.0")
    [alignment] = services.alignments_for(credential)
    assert alignment.item.framework == framework


@pytest.mark.parametrize("status", [Lifecycle.APPROVED, Lifecycle.PUBLISHED, Lifecycle.RETIRED])
def test_a_released_credentials_alignments_are_locked(framework, designer, org, status):
    credential = make_credential(org, code=f"locked-{status}", status=status)
    with pytest.raises(Conflict) as e:
        services.align(credential, item(framework, "DA.1.1"), None, designer)
    assert e.value.code == "CREDENTIAL_LOCKED"


def test_only_designers_align(framework, cast, credential):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.align(credential, item(framework, "DA.1.1"), None, cast["assessor"])
    assert services.alignments_for(credential) == []


def test_unalign_removes_and_audits(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), None, designer)
    services.unalign(credential, item(framework, "DA.1.1"), designer)
    assert services.alignments_for(credential) == []
    assert AuditEntry.objects.filter(action="skills.alignment.deleted").exists()


def test_copy_alignments_carries_them_to_a_new_credential_version(
    framework, designer, org, credential
):
    services.align(credential, item(framework, "DA.1.1"), level(framework, 3), designer)
    v2 = make_credential(org, code="data-101", version=2, lineage=credential.lineage)
    assert services.copy_alignments(credential, v2, designer) == 1
    assert services.alignments_for(v2)[0].proficiency.rank == 3


def test_achievement_alignments_are_valid_ob3_alignments(framework, designer, credential):
    services.align(credential, item(framework, "DA.1.1"), level(framework, 3), designer)
    services.align(credential, item(framework, "SE.1.1"), None, designer)
    out = services.achievement_alignments(credential)
    schema = alignment_schema()
    for entry in out:
        jsonschema.validate(entry, schema)
    by_code = {e["targetCode"]: e for e in out}
    local = by_code["DA.1.1"]
    assert local["type"] == ["Alignment"]
    assert local["targetType"] == "ext:Skill"
    assert local["targetFramework"] == "Northbridge Test Framework"
    assert (
        local["targetUrl"]
        == f"{settings.BASE_URL}/skills/public/northbridge-test-framework/1.0/DA.1.1/"
    )
    assert local["targetDescription"] == "Proficiency: level 3, Proficient."
    assert by_code["SE.1.1"]["targetUrl"] == ESCO_URI
    assert "targetDescription" not in by_code["SE.1.1"]


def test_case_imported_items_align_as_cfitems(org, designer, credential):
    from .test_case_format import package_for

    framework = services.import_case(
        org, package_for([PlannedItem(ref="", code="C1", kind="skill", title="Imported")]), designer
    )
    services.align(credential, framework.items.get(), None, designer)
    [entry] = services.achievement_alignments(credential)
    assert entry["targetType"] == "CFItem"
    jsonschema.validate(entry, alignment_schema())
