"""Accessibility findings, and the blockers the catalogue's publish step asks for."""

from __future__ import annotations

from credstack.design.models import BadgeDesign
from credstack.design.services import badge_publish_blockers, check_badge, check_spec, resolve_spec
from credstack.design.services.resolve import DesignChoices


def codes(findings):
    return {f.code for f in findings}


def test_the_automatic_badge_passes_every_check(credential):
    assert badge_publish_blockers(credential) == []


def test_low_contrast_text_blocks_publishing(credential, org):
    BadgeDesign.objects.create(
        organisation=org,
        credential_lineage=credential.lineage,
        primary_colour="#777777",
        text_colour="#FFFFFF",
        alt_text="A grey badge for data analysis.",
    )
    blockers = badge_publish_blockers(credential)
    assert any("Title text (#FFFFFF on #777777) has a contrast of 4.48:1" in b for b in blockers)


def test_every_text_background_pair_is_checked(credential):
    spec = resolve_spec(credential, DesignChoices(primary_colour="#FFFFFF", text_colour="#F0F0F0"))
    findings = check_spec(spec, alt_text="A badge.")
    pairs = {f.data["pair"] for f in findings if f.code == "CONTRAST_TOO_LOW"}
    assert {"Title text", "Subtitle text", "Icon"} <= pairs
    # The ribbon text is chosen automatically for its background, so it passes.
    assert "Issuer name text" not in pairs


def test_a_saved_design_without_alt_text_blocks_publishing(credential, org):
    design = BadgeDesign.objects.create(
        organisation=org, credential_lineage=credential.lineage, alt_text=""
    )
    assert "ALT_TEXT_MISSING" in codes(check_badge(design))
    assert any("alt text" in b.lower() for b in badge_publish_blockers(credential))


def test_a_title_that_cannot_fit_blocks_publishing_until_a_shorter_one_is_given(credential, org):
    credential.title = "Advanced Interdisciplinary Methods for Sustainable Infrastructure Asset Management and Lifecycle Decarbonisation Planning"
    credential.save()
    assert "TEXT_DOES_NOT_FIT" in codes(
        check_spec(resolve_spec(credential, DesignChoices()), alt_text="x" * 20)
    )
    BadgeDesign.objects.create(
        organisation=org,
        credential_lineage=credential.lineage,
        badge_title="Infrastructure Decarbonisation",
        alt_text="Infrastructure Decarbonisation badge from Northbridge.",
    )
    assert badge_publish_blockers(credential) == []


def test_very_short_alt_text_is_advice_not_a_blocker(credential, org):
    design = BadgeDesign.objects.create(
        organisation=org, credential_lineage=credential.lineage, alt_text="Badge"
    )
    findings = check_badge(design)
    assert [f.severity for f in findings if f.code == "ALT_TEXT_TOO_SHORT"] == ["warn"]
    assert badge_publish_blockers(credential) == []
