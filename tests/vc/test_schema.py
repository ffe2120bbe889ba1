"""Validation against the bundled 1EdTech Open Badges 3.0 JSON schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credstack.vc.errors import SchemaInvalid
from credstack.vc.schema import SCHEMA_FILES, normalize_for_schema, schema_errors, validate_schema

VECTORS = Path(__file__).parents[1] / "vectors" / "1edtech-ob3-spec"


def load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text())


@pytest.mark.parametrize("name", sorted(p.name for p in (VECTORS / "examples").glob("*.json")))
def test_it_accepts_every_spec_example(name: str) -> None:
    document = load(f"examples/{name}")
    kind = "endorsement" if "EndorsementCredential" in document["type"] else "achievement"
    validate_schema(document, kind)


def test_it_normalises_a_compacted_proof_and_types_before_validating() -> None:
    document = load("ob3-signed.json")
    document["issuer"]["type"] = "Profile"
    document["credentialSubject"]["type"] = "AchievementSubject"
    normalized = normalize_for_schema(document)
    assert isinstance(normalized["proof"], list)
    assert normalized["issuer"]["type"] == ["Profile"]
    assert isinstance(document["proof"], dict)  # the input is left untouched
    validate_schema(document)


def test_it_leaves_string_typed_properties_as_strings() -> None:
    document = load("examples/fullOpenBadge.json")
    normalized = normalize_for_schema(document)
    assert normalized["image"]["type"] == "Image"
    assert normalized["credentialStatus"] == document["credentialStatus"]
    assert normalized["credentialSubject"]["identifier"][0]["type"] == "IdentityObject"


def test_it_reports_the_json_path_of_each_error() -> None:
    document = load("examples/basicOpenBadgeCredential.json")
    document["credentialSubject"]["achievement"]["image"] = "https://example.org/badge.png"
    document["validFrom"] = "2010-01-01"
    document["credentialSubject"]["achievement"]["achievementType"] = "Diploma-ish"
    paths = {v.path for v in schema_errors(document)}
    assert paths == {
        "$.credentialSubject.achievement.image",
        "$.credentialSubject.achievement.achievementType",
        "$.validFrom",
    }
    with pytest.raises(
        SchemaInvalid, match=r"\$\.validFrom: '2010-01-01' is not a 'date-time'"
    ) as info:
        validate_schema(document)
    assert info.value.code == "SCHEMA_INVALID"


def test_it_summarises_long_error_lists() -> None:
    document = load("examples/basicOpenBadgeCredential.json")
    document["credentialSubject"]["achievement"]["tag"] = list(range(15))
    with pytest.raises(SchemaInvalid, match=r"15 schema error\(s\): .*; and 5 more"):
        validate_schema(document)


def test_it_checks_the_date_formats_itself() -> None:
    document = load("examples/basicOpenBadgeCredential.json")
    document["validFrom"] = "2010-01-01T00:00:00"  # no zone
    document["credentialSubject"]["activityStartDate"] = "2010-13-01T00:00:00Z"
    document["issuer"]["dateOfBirth"] = "1990-02-30"
    assert {v.path for v in schema_errors(document)} == {
        "$.validFrom",
        "$.credentialSubject.activityStartDate",
        "$.issuer",  # ProfileRef is oneOf [URI, Profile]: reported at the union
    }
    document["validFrom"] = 5  # wrong type: reported by "type", not by the format checker
    assert any(
        v.path == "$.validFrom" and "is not of type" in v.message for v in schema_errors(document)
    )


def test_it_validates_profiles_and_api_responses() -> None:
    issuer = load("examples/fullOpenBadge.json")["issuer"]
    validate_schema(issuer, "profile")
    validate_schema(
        {"credential": [load("examples/basicOpenBadgeCredential.json")]}, "get_credentials_response"
    )
    with pytest.raises(SchemaInvalid, match="Additional properties"):
        validate_schema({"credentials": []}, "get_credentials_response")
    with pytest.raises(SchemaInvalid):
        validate_schema({"id": "x", "type": ["Person"]}, "profile")


def test_it_refuses_an_unknown_schema_kind() -> None:
    with pytest.raises(ValueError, match="unknown schema kind"):
        validate_schema({}, "clr")  # type: ignore[arg-type]


def test_every_bundled_schema_is_packaged_and_named_in_the_readme() -> None:
    folder = Path(__file__).parents[2] / "src" / "credstack" / "vc" / "schemas"
    readme = (folder / "README.md").read_text()
    for name in SCHEMA_FILES.values():
        assert (folder / name).is_file()
        assert name in readme
    assert readme.count("Reconstructed") + readme.count("RECONSTRUCTED") >= 3
