"""The OB 3.0 / CLR 2.0 data model: building, serializing and parsing credentials."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.vc.errors import CredentialMalformed
from credstack.vc.model import (
    CLR_CONTEXT,
    EXTENSIONS_CONTEXT,
    OB_CONTEXT,
    VC_V2_CONTEXT,
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Address,
    Alignment,
    Association,
    ClrCredential,
    ClrSubject,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    GeoCoordinates,
    IdentifierEntry,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    Profile,
    Related,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    format_datetime,
    hash_identity,
    identity_matches,
    load_json,
    new_id,
    parse_credential,
)
from credstack.vc.schema import schema_errors

VECTORS = Path(__file__).parents[1] / "vectors" / "1edtech-ob3-spec"
EXAMPLES = sorted((VECTORS / "examples").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def micro_achievement(**extra: object) -> Achievement:
    return Achievement(
        id="https://example.edu/achievements/sql",
        name="SQL basics",
        description="Writes SELECT queries.",
        criteria=Criteria(narrative="Pass the practical test."),
        achievement_type="MicroCredential",
        **extra,
    )


def full_achievement() -> Achievement:
    alignment = Alignment(
        target_name="SQL", target_url="https://skills.example/sql", target_type="CFItem"
    )
    return micro_achievement(
        alignment=[alignment],
        result_description=[
            ResultDescription(
                id="urn:uuid:0b0c4c8e-1d11-4d7c-9d1b-2f3f3c1e9a01",
                name="Grade",
                result_type="LetterGrade",
                allowed_value=["A", "B", "C"],
                rubric_criterion_level=[
                    RubricCriterionLevel(id="urn:uuid:6a2e", name="Basic", points="4")
                ],
            )
        ],
        credits_available=1.5,
        image=Image(id="https://example.edu/sql.png", caption="SQL badge"),
        tag=["sql", "data"],
        field_of_study="Computing",
        human_code="SQL-101",
        in_language="en",
        version="1.0",
        creator=Profile(id="https://example.edu/issuer", name="Example University"),
        related=[Related(id="https://example.edu/achievements/sql-fr", in_language="fr")],
        other_identifier=[IdentifierEntry(identifier="SQL101", identifier_type="sourcedId")],
    )


def test_it_round_trips_every_spec_example_byte_for_byte() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        document = load(path)
        assert parse_credential(document).to_json() == document, path.name


def test_it_expands_compacted_singletons_to_the_arrays_the_schema_wants() -> None:
    document = load(VECTORS / "ob3-signed.json")
    assert isinstance(document["proof"], dict)
    credential = parse_credential(document)
    out = credential.to_json()
    assert isinstance(out["proof"], list) and out["proof"][0] == document["proof"]
    assert schema_errors(out) == []


def test_it_builds_a_micro_credential_that_passes_the_official_schema() -> None:
    credential = OpenBadgeCredential.create(
        issuer=Profile(id="https://example.edu/issuer", name="Example University"),
        credential_subject=AchievementSubject.for_email(
            "Ada@Example.org", achievement=full_achievement(), result=[Result(value="A")]
        ),
        evidence=[Evidence(id="https://example.edu/evidence/1", name="Project")],
        valid_until="2030-01-01T00:00:00Z",
    )
    document = credential.to_json()
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", document["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["validFrom"])
    assert document["@context"] == [VC_V2_CONTEXT, OB_CONTEXT]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert list(document)[:3] == ["@context", "id", "type"]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["image"] == {
        "id": "https://example.edu/sql.png",
        "type": "Image",
        "caption": "SQL badge",
    }
    assert achievement["creditsAvailable"] == 1.5
    assert "endorsement" not in achievement  # empty arrays are omitted
    assert schema_errors(document) == []
    assert AchievementCredential.from_json(document).to_json() == document


def test_it_adds_the_extensions_context_when_a_1edtech_type_is_used() -> None:
    credential = AchievementCredential.create(
        issuer="https://example.edu/issuer",
        credential_subject=AchievementSubject(id="did:example:1", achievement=micro_achievement()),
        credential_schema=[
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    )
    assert credential.to_json()["@context"] == [VC_V2_CONTEXT, OB_CONTEXT, EXTENSIONS_CONTEXT]
    assert credential.issuer_id == "https://example.edu/issuer"


def test_it_does_not_count_1edtech_types_inside_an_embedded_endorsement() -> None:
    endorsement = load(VECTORS / "examples" / "endorsement.json")
    credential = AchievementCredential.create(
        issuer=Profile(id="https://example.edu/issuer"),
        credential_subject=AchievementSubject(id="did:example:1", achievement=micro_achievement()),
        endorsement=[EndorsementCredential.from_json(endorsement)],
    )
    assert credential.to_json()["@context"] == [VC_V2_CONTEXT, OB_CONTEXT]


def test_it_hashes_identities_as_the_spec_example_does() -> None:
    # OB 3.0 example: sha256$b5809d8a...f399 = SHA-256("a@example.com" + "Kosher")
    digest = hash_identity("a@example.com", "Kosher")
    assert digest.startswith("sha256$b5809d8a") and digest.endswith("f399")
    assert len(digest) == len("sha256$") + 64


def test_it_matches_a_hashed_email_regardless_of_case_and_spaces() -> None:
    subject = AchievementSubject.for_email(" Ada@Example.ORG ", achievement=micro_achievement())
    (identity,) = subject.identifier
    assert identity.hashed and identity.identity_type == "emailAddress"
    assert len(identity.salt or "") == 32
    assert identity_matches(identity, "ada@example.org")
    assert identity_matches(identity.to_json(), "ADA@example.org")
    assert not identity_matches(identity, "eve@example.org")


def test_it_draws_a_fresh_salt_per_subject_unless_one_is_given() -> None:
    a = AchievementSubject.for_email("a@b.c", achievement=micro_achievement())
    b = AchievementSubject.for_email("a@b.c", achievement=micro_achievement())
    c = AchievementSubject.for_email("a@b.c", achievement=micro_achievement(), salt="s")
    assert a.identifier[0].salt != b.identifier[0].salt
    assert c.identifier[0].identity_hash == hash_identity("a@b.c", "s")


def test_it_matches_plain_md5_and_refuses_unknown_hash_identities() -> None:
    plain = IdentityObject(hashed=False, identity_hash="a@b.c", identity_type="emailAddress")
    md5 = IdentityObject(
        hashed=True,
        identity_hash="md5$" + __import__("hashlib").md5(b"a@b.cpepper").hexdigest(),
        identity_type="emailAddress",
        salt="pepper",
    )
    odd = IdentityObject(hashed=True, identity_hash="sha1$00", identity_type="emailAddress")
    assert identity_matches(plain, "a@b.c")
    assert identity_matches(md5, "a@b.c")
    assert not identity_matches(odd, "a@b.c")
    assert not identity_matches({"type": "IdentityObject"}, "a@b.c")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["credentialSubject"]["achievement"].pop("name"),
            r"\$\.credentialSubject\.achievement\.name is required",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].update(name=7),
            r"\$\.credentialSubject\.achievement\.name must be a string, not a number",
        ),
        (
            lambda d: d["credentialSubject"].pop("id"),
            r"\$\.credentialSubject needs an 'id' or at least one 'identifier'",
        ),
        (
            lambda d: d.update(type=["VerifiableCredential"]),
            r"\$\.type must include 'AchievementCredential' or 'OpenBadgeCredential'",
        ),
        (lambda d: d.update(validFrom="2010-01-01T00:00:00"), r"\$\.validFrom has no time zone"),
        (lambda d: d.update(validFrom="yesterday"), r"\$\.validFrom is not a date-time"),
        (lambda d: d.pop("validFrom"), r"\$\.validFrom is required"),
        (
            lambda d: d.update(issuer=5),
            r"\$\.issuer must be a URI string or an object, not a number",
        ),
        (
            lambda d: d.update(credentialStatus=[]),
            r"\$\.credentialStatus must be a JSON object, not an array",
        ),
        (lambda d: d.update(credentialSubject=None), r"\$\.credentialSubject is required"),
        (
            lambda d: d.update(credentialSubject="x"),
            r"\$\.credentialSubject must be a JSON object, not a string",
        ),
        (
            lambda d: d["@context"].__setitem__(0, "https://example.org/ctx"),
            r"\$\.@context\[0\] must be",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].update(creditsAvailable=True),
            r"creditsAvailable must be a number, not a boolean",
        ),
        (
            lambda d: d["credentialSubject"].update(
                identifier=[
                    {
                        "type": "IdentityObject",
                        "hashed": "yes",
                        "identityHash": "x",
                        "identityType": "emailAddress",
                    }
                ]
            ),
            r"\$\.credentialSubject\.identifier\[0\]\.hashed must be true or false, not a string",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].update(tag=[None]),
            r"tag\[0\] must be a string, not null",
        ),
    ],
)
def test_it_names_the_json_path_of_a_malformed_property(mutate, message) -> None:
    document = load(VECTORS / "examples" / "basicOpenBadgeCredential.json")
    mutate(document)
    with pytest.raises(CredentialMalformed, match=message):
        parse_credential(document)


def test_it_refuses_input_that_is_not_json_or_not_an_object() -> None:
    with pytest.raises(CredentialMalformed, match="not valid JSON"):
        parse_credential("{nope")
    with pytest.raises(CredentialMalformed, match=r"\$ must be a JSON object"):
        parse_credential(b"[1, 2]")
    with pytest.raises(CredentialMalformed, match="larger than"):
        load_json(b" " * (16 * 1024 * 1024 + 1))


def test_it_parses_endorsements_and_requires_their_name() -> None:
    document = load(VECTORS / "examples" / "endorsement.json")
    endorsement = parse_credential(json.dumps(document))
    assert isinstance(endorsement, EndorsementCredential)
    assert endorsement.credential_subject.endorsement_comment
    document.pop("name")
    with pytest.raises(CredentialMalformed, match="name is required on an EndorsementCredential"):
        parse_credential(document)
    built = EndorsementCredential.create(
        name="Good standing",
        issuer=Profile(id="https://accreditor.example"),
        credential_subject=EndorsementSubject(id="https://example.edu/issuer"),
    )
    assert built.to_json()["type"] == ["VerifiableCredential", "EndorsementCredential"]


def test_it_keeps_unknown_properties_for_extensions() -> None:
    document = load(VECTORS / "examples" / "basicOpenBadgeCredential.json")
    document["credentialSubject"]["achievement"]["ext:level"] = {"value": 3}
    assert parse_credential(document).to_json() == document


def test_it_reads_profiles_with_addresses_and_coordinates() -> None:
    profile = Profile.from_json(
        {
            "id": "https://example.edu",
            "type": "Profile",
            "address": {
                "type": ["Address"],
                "geo": {"type": "GeoCoordinates", "latitude": 1, "longitude": 2.5},
            },
        }
    )
    assert profile.address == Address(geo=GeoCoordinates(latitude=1, longitude=2.5))
    assert profile.to_json()["type"] == ["Profile"]
    assert profile.to_json()["address"]["geo"]["type"] == "GeoCoordinates"
    with pytest.raises(CredentialMalformed, match=r"\$\.address\.geo\.latitude must be a number"):
        Profile.from_json(
            {
                "id": "x",
                "type": ["Profile"],
                "address": {
                    "type": ["Address"],
                    "geo": {"type": "GeoCoordinates", "latitude": "1", "longitude": 2},
                },
            }
        )


def test_it_bundles_a_stack_into_a_clr_with_is_part_of_associations() -> None:
    units = []
    for n in (1, 2):
        achievement = micro_achievement()
        achievement.id = f"https://example.edu/achievements/unit-{n}"
        units.append(
            AchievementCredential.create(
                issuer="https://example.edu/issuer",
                credential_subject=AchievementSubject(
                    id="did:example:learner", achievement=achievement
                ),
            ).to_json()
        )
    stack = micro_achievement()
    stack.id = "https://example.edu/achievements/stack"
    stack.achievement_type = "Certificate"
    clr = ClrCredential.bundle(
        units,
        issuer=Profile(id="https://example.edu/issuer"),
        learner_id="did:example:learner",
        achievements=[stack],
        associations=[
            Association(
                association_type="isPartOf",
                source_id=u["credentialSubject"]["achievement"]["id"],
                target_id=stack.id,
            )
            for u in units
        ],
        name="Data stack",
    )
    document = clr.to_json()
    assert document["@context"] == [VC_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT]
    assert document["type"] == ["VerifiableCredential", "ClrCredential"]
    assert document["credentialSubject"]["verifiableCredential"] == units
    assert document["credentialSubject"]["association"][0] == {
        "type": "Association",
        "associationType": "isPartOf",
        "sourceId": "https://example.edu/achievements/unit-1",
        "targetId": stack.id,
    }
    assert ClrCredential.from_json(document).to_json() == document


def test_it_refuses_clr_associations_that_point_outside_the_bundle_or_use_unknown_types() -> None:
    unit = load(VECTORS / "examples" / "basicOpenBadgeCredential.json")
    with pytest.raises(CredentialMalformed, match="is not in the bundle"):
        ClrCredential.bundle(
            [unit],
            issuer="https://example.edu",
            learner_id="did:example:1",
            associations=[
                Association(association_type="isPartOf", source_id="urn:a", target_id="urn:b")
            ],
        )
    with pytest.raises(CredentialMalformed, match=r"not a CLR 2\.0 term"):
        Association.from_json(
            {
                "type": "Association",
                "associationType": "isFriendOf",
                "sourceId": "a",
                "targetId": "b",
            }
        )
    assert Association.from_json(
        {"type": "Association", "associationType": "ext:near", "sourceId": "a", "targetId": "b"}
    )
    with pytest.raises(CredentialMalformed, match="needs at least one credential"):
        ClrSubject.from_json({"type": "ClrSubject", "id": "did:example:1"})
    with pytest.raises(CredentialMalformed, match="needs an 'id'"):
        ClrSubject.from_json({"type": "ClrSubject", "verifiableCredential": [unit]})


def test_it_parses_the_1edtech_clr_vector() -> None:
    clr = parse_credential(load(VECTORS / "clr2-signed.json"))
    assert isinstance(clr, ClrCredential)
    assert clr.credential_subject.association[0].association_type == "isParentOf"
    assert len(clr.credential_subject.achievement) == 2


def test_it_formats_datetimes_in_utc_to_the_second() -> None:
    aware = datetime(2025, 1, 31, 10, 0, 0, 999, tzinfo=timezone(timedelta(hours=1)))
    assert format_datetime(aware) == "2025-01-31T09:00:00Z"
    assert format_datetime(datetime(2025, 1, 31, 9, 0)) == "2025-01-31T09:00:00Z"
    assert format_datetime().endswith("Z")
    assert new_id() != new_id()


def test_it_refuses_to_build_a_subject_without_recipient() -> None:
    with pytest.raises(CredentialMalformed, match="needs an 'id'"):
        AchievementCredential.create(
            issuer="https://example.edu",
            credential_subject=AchievementSubject(achievement=micro_achievement()),
        )


def test_it_accepts_a_vcdm_1_1_credential_with_issuance_date() -> None:
    document = load(VECTORS / "examples" / "basicOpenBadgeCredential.json")
    document["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    document["issuanceDate"] = document.pop("validFrom")
    credential = parse_credential(document)
    assert credential.valid_from is None and credential.extra["issuanceDate"]
    assert credential.to_json() == document


text = st.text(min_size=1, max_size=20)


@settings(max_examples=50, deadline=None)
@given(
    name=text,
    description=text,
    tags=st.lists(text, max_size=3),
    credits=st.none() | st.floats(0, 100),
    email=st.emails(),
)
def test_any_built_credential_survives_a_json_round_trip(
    name, description, tags, credits, email
) -> None:
    achievement = Achievement(
        id="urn:uuid:1",
        name=name,
        description=description,
        criteria=Criteria(),
        tag=tags,
        credits_available=credits,
    )
    credential = AchievementCredential.create(
        issuer=Profile(id="did:example:issuer", name=name),
        credential_subject=AchievementSubject.for_email(email, achievement=achievement),
        valid_from=format_datetime(datetime(2025, 1, 1, tzinfo=UTC)),
    )
    document = json.loads(json.dumps(credential.to_json()))
    assert AchievementCredential.from_json(document).to_json() == document
    assert identity_matches(credential.credential_subject.identifier[0], email)
    assert schema_errors(document) == []
