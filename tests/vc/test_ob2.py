"""The Open Badges 2.0 hosted view (Assertion, BadgeClass, Issuer) of an OB 3.0 credential."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from credstack.vc import errors
from credstack.vc.ob2 import OB2_CONTEXT, ob2_documents, ob2_recipient

FULL_BADGE = (
    Path(__file__).parents[1] / "vectors" / "1edtech-ob3-spec" / "examples" / "fullOpenBadge.json"
)
URLS = {
    "assertion_url": "https://northbridge.example/ob2/assertions/a1",
    "badge_url": "https://northbridge.example/ob2/badges/data-literacy",
    "issuer_url": "https://northbridge.example/ob2/issuer",
}
CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:6f1c",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {
        "id": "https://northbridge.example/issuer",
        "type": ["Profile"],
        "name": "Northbridge Institute of Technology",
        "url": "https://northbridge.example",
        "email": "badges@northbridge.example",
        "phone": "+441234567890",
        "image": {"id": "https://northbridge.example/logo.png", "type": "Image"},
    },
    "validFrom": "2026-02-01T00:00:00Z",
    "awardedDate": "2026-01-15T09:00:00Z",
    "validUntil": "2029-01-15T09:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": "sha256$" + hashlib.sha256(b"ada@example.orgNaCl").hexdigest(),
                "salt": "NaCl",
            }
        ],
        "narrative": "Built a dashboard for the library.",
        "image": {"id": "https://northbridge.example/ob2/assertions/a1/image.png", "type": "Image"},
        "achievement": {
            "id": "https://northbridge.example/achievements/data-literacy",
            "type": ["Achievement"],
            "name": "Data Literacy",
            "description": "Reads charts and tables critically.",
            "criteria": {
                "id": "https://northbridge.example/criteria/dl",
                "narrative": "Pass the project.",
            },
            "image": {"id": "https://northbridge.example/badges/dl.png", "type": "Image"},
            "tag": ["data", "literacy"],
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "Data literacy",
                    "targetUrl": "https://framework.example/skills/dl",
                    "targetCode": "DL-2",
                    "targetType": "CFItem",
                },
                {"type": ["Alignment"], "targetName": "No URL, so not an OB 2.0 alignment"},
            ],
        },
    },
    "evidence": [
        {"type": ["Evidence"], "id": "https://portfolio.example/ada/dash", "name": "Dashboard"},
        {"type": ["Evidence"], "narrative": "Presented to the panel."},
    ],
}

# --- an OB 2.0 validator written from the spec tables, independent of the code under test ---

IRI = re.compile(r"^https?://\S+$")
DATETIME_TZ = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
IDENTITY_HASH = re.compile(r"^(sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32})$")


def ob2_problems(document: dict[str, Any], kind: str) -> list[str]:
    """Problems with an OB 2.0 hosted document, per OB 2.0 §Assertion, §BadgeClass, §Profile."""
    problems = []
    required = {
        "Assertion": ["id", "type", "recipient", "badge", "verification", "issuedOn"],
        "BadgeClass": ["id", "type", "name", "description", "image", "criteria", "issuer"],
        "Issuer": ["id", "type", "name", "url", "email"],  # "When used as a badge issuer"
    }[kind]
    problems += [f"missing {k}" for k in required if k not in document]
    if document.get("@context") != OB2_CONTEXT:
        problems.append("wrong @context")
    types = document.get("type")
    if kind not in (types if isinstance(types, list) else [types]):
        problems.append("wrong type")
    if not IRI.match(str(document.get("id"))):
        problems.append("id is not an HTTP(S) IRI (hosted verification)")
    if kind == "Assertion":
        recipient = document.get("recipient", {})
        if not {"type", "identity", "hashed"} <= recipient.keys():
            problems.append("recipient lacks type/identity/hashed")
        if recipient.get("hashed") and not IDENTITY_HASH.match(recipient.get("identity", "")):
            problems.append("hashed identity is not an IdentityHash")
        if document.get("verification", {}).get("type") not in ("hosted", "HostedBadge"):
            problems.append("verification is not hosted")
        for key in ("issuedOn", "expires"):
            if key in document and not DATETIME_TZ.match(document[key]):
                problems.append(f"{key} is not a DateTime with time zone")
        for evidence in document.get("evidence", []):
            if not set(evidence) - {"type"}:
                problems.append("empty evidence")
    if kind == "BadgeClass":
        if not IRI.match(str(document.get("issuer"))):
            problems.append("issuer is not an IRI")
        criteria = document.get("criteria")
        if not (isinstance(criteria, str) or (isinstance(criteria, dict) and criteria)):
            problems.append("criteria is neither an IRI nor a Criteria object")
        for alignment in document.get("alignment", []):
            if not {"targetName", "targetUrl"} <= alignment.keys():
                problems.append("alignment lacks targetName/targetUrl")
    for key, value in document.items():
        if value in (None, "", [], {}):
            problems.append(f"empty {key}")
    return problems


def assert_valid(documents: dict[str, dict[str, Any]]) -> None:
    assert ob2_problems(documents["assertion"], "Assertion") == []
    assert ob2_problems(documents["badge"], "BadgeClass") == []
    assert ob2_problems(documents["issuer"], "Issuer") == []
    assert documents["assertion"]["badge"] == documents["badge"]["id"]
    assert documents["badge"]["issuer"] == documents["issuer"]["id"]
    json.dumps(documents)  # publishable as JSON


def test_the_three_documents_pass_the_ob2_required_field_checks() -> None:
    assert_valid(ob2_documents(CREDENTIAL, **URLS))


def test_the_assertion_carries_the_award_as_ob2_names_it() -> None:
    assertion = ob2_documents(CREDENTIAL, **URLS)["assertion"]
    assert assertion["id"] == URLS["assertion_url"]
    assert assertion["issuedOn"] == "2026-01-15T09:00:00Z"  # awardedDate, the original award
    assert assertion["expires"] == "2029-01-15T09:00:00Z"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["image"] == "https://northbridge.example/ob2/assertions/a1/image.png"
    assert assertion["narrative"] == "Built a dashboard for the library."
    assert assertion["evidence"] == [
        {"type": "Evidence", "id": "https://portfolio.example/ada/dash", "name": "Dashboard"},
        {"type": "Evidence", "narrative": "Presented to the panel."},
    ]


def test_a_hashed_ob3_email_identifier_carries_over_with_its_salt() -> None:
    recipient = ob2_documents(CREDENTIAL, **URLS)["assertion"]["recipient"]
    identity = "sha256$" + hashlib.sha256(b"ada@example.orgNaCl").hexdigest()
    assert recipient == {"type": "email", "hashed": True, "identity": identity, "salt": "NaCl"}


def test_a_known_email_is_hashed_as_the_ob2_spec_example_shows() -> None:
    # OB 2.0 §IdentityHash: "sha256$7a1a1b3f...c60c6 represents ... a SHA-256 hash on 'mayze'".
    recipient = ob2_recipient({}, email="mayze", salt="")
    assert (
        recipient["identity"]
        == "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"
    )


def test_a_recipient_email_is_never_published_in_plain_text() -> None:
    documents = ob2_documents(CREDENTIAL, **URLS, recipient_email="ada@example.org")
    recipient = documents["assertion"]["recipient"]
    assert "ada@example.org" not in json.dumps(documents)
    assert len(recipient["salt"]) == 32
    expected = hashlib.sha256(("ada@example.org" + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == "sha256$" + expected
    other = ob2_documents(CREDENTIAL, **URLS, recipient_email="ada@example.org")
    assert other["assertion"]["recipient"]["salt"] != recipient["salt"]


def test_a_plain_ob3_email_identifier_is_hashed_for_ob2() -> None:
    credential = json.loads(FULL_BADGE.read_text())
    credential["credentialSubject"].pop("id")
    documents = ob2_documents(
        credential, **URLS, salt="pepper", badge_image_url="https://1edtech.edu/badge.png"
    )
    recipient = documents["assertion"]["recipient"]
    expected = hashlib.sha256(b"student@1edtech.edupepper").hexdigest()
    assert recipient == {
        "type": "email",
        "hashed": True,
        "salt": "pepper",
        "identity": "sha256$" + expected,
    }
    assert "student@1edtech.edu" not in json.dumps(documents["assertion"])


@pytest.mark.parametrize(
    ("subject_id", "kind"),
    [
        ("https://learner.example/ada", "url"),
        ("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "id"),
    ],
)
def test_a_subject_id_becomes_a_url_or_id_recipient(subject_id: str, kind: str) -> None:
    recipient = ob2_recipient({"id": subject_id})
    assert recipient == {"type": kind, "hashed": False, "identity": subject_id}


def test_the_badge_class_maps_achievement_fields_and_drops_incomplete_alignments() -> None:
    badge = ob2_documents(CREDENTIAL, **URLS)["badge"]
    assert badge["image"] == "https://northbridge.example/badges/dl.png"
    assert badge["criteria"] == {
        "id": "https://northbridge.example/criteria/dl",
        "narrative": "Pass the project.",
    }
    assert badge["tags"] == ["data", "literacy"]
    assert badge["alignment"] == [
        {
            "targetName": "Data literacy",
            "targetUrl": "https://framework.example/skills/dl",
            "targetCode": "DL-2",
        }
    ]


def test_the_issuer_profile_has_name_url_email_and_optional_fields() -> None:
    issuer = ob2_documents(CREDENTIAL, **URLS)["issuer"]
    assert issuer == {
        "@context": OB2_CONTEXT,
        "id": URLS["issuer_url"],
        "type": "Issuer",
        "name": "Northbridge Institute of Technology",
        "url": "https://northbridge.example",
        "email": "badges@northbridge.example",
        "image": "https://northbridge.example/logo.png",
        "telephone": "+441234567890",
    }


def test_the_spec_full_example_converts_given_the_fields_ob3_leaves_optional() -> None:
    credential = json.loads(FULL_BADGE.read_text())
    documents = ob2_documents(
        credential,
        **URLS,
        recipient_email="student@1edtech.edu",
        badge_image_url="https://1edtech.edu/badge.png",
        issuer_homepage="https://1edtech.edu",
        issuer_email="registrar@1edtech.edu",
    )
    assert_valid(documents)
    assert documents["badge"]["name"] == credential["credentialSubject"]["achievement"]["name"]


def test_an_issuer_given_only_as_a_url_needs_explicit_profile_fields() -> None:
    credential = {**CREDENTIAL, "issuer": "https://northbridge.example/issuer"}
    with pytest.raises(errors.CredentialMalformed, match="name, url, email"):
        ob2_documents(credential, **URLS)


def test_a_badge_without_an_image_names_the_missing_field() -> None:
    credential = copy.deepcopy(CREDENTIAL)
    del credential["credentialSubject"]["achievement"]["image"]
    with pytest.raises(errors.CredentialMalformed, match="image"):
        ob2_documents(credential, **URLS)
    documents = ob2_documents(
        credential, **URLS, badge_image_url="https://northbridge.example/b.svg"
    )
    assert documents["badge"]["image"] == "https://northbridge.example/b.svg"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda c: c.update(validFrom="2026-02-01T00:00:00", awardedDate=None),  # no time zone
        lambda c: c.update(awardedDate="15 January 2026"),
        lambda c: c.update(awardedDate=None, validFrom=None),
        lambda c: c.update(credentialSubject={"type": ["AchievementSubject"]}),
        lambda c: c["credentialSubject"].pop("identifier"),  # and no id either
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="ada@example.org"),
        lambda c: c["credentialSubject"]["achievement"].update(criteria={}),
        lambda c: c["issuer"].update(url="ftp://northbridge.example"),
    ],
)
def test_a_credential_ob2_cannot_express_is_refused_with_a_reason(mutate: Any) -> None:
    credential = copy.deepcopy(CREDENTIAL)
    mutate(credential)
    with pytest.raises(errors.CredentialMalformed):
        ob2_documents(credential, **URLS)


def test_hosted_verification_needs_http_urls_and_a_json_object() -> None:
    with pytest.raises(errors.CredentialMalformed):
        ob2_documents(CREDENTIAL, **{**URLS, "assertion_url": "urn:uuid:1"})
    with pytest.raises(errors.CredentialMalformed):
        ob2_documents("not a credential", **URLS)  # type: ignore[arg-type]
    with pytest.raises(errors.CredentialMalformed):
        ob2_recipient({}, email=" ")


def test_a_single_subject_in_an_array_is_accepted() -> None:
    credential = {**CREDENTIAL, "credentialSubject": [CREDENTIAL["credentialSubject"]]}
    assert_valid(ob2_documents(credential, **URLS))


def test_a_minimal_credential_gives_minimal_valid_documents_and_skips_junk_entries() -> None:
    credential = {
        "issuer": CREDENTIAL["issuer"],
        "validFrom": "2026-02-01T00:00:00+01:00",
        "credentialSubject": {
            "id": "did:example:ada",
            "identifier": [
                "not an object",
                {"identityType": "studentId", "identityHash": "123"},
                {"identityType": "emailAddress", "identityHash": ""},
            ],
            "achievement": {
                **CREDENTIAL["credentialSubject"]["achievement"],
                "alignment": ["not an object"],
                "tag": [""],
            },
        },
        "evidence": ["https://portfolio.example/x", {"type": ["Evidence"]}],
    }
    documents = ob2_documents(credential, **URLS)
    assert_valid(documents)
    assertion = documents["assertion"]
    assert assertion["recipient"] == {"type": "id", "hashed": False, "identity": "did:example:ada"}
    assert assertion["issuedOn"] == "2026-02-01T00:00:00+01:00"
    for absent in ("expires", "image", "evidence", "narrative"):
        assert absent not in assertion
    assert "alignment" not in documents["badge"] and "tags" not in documents["badge"]


def test_a_hashed_identifier_without_salt_is_carried_over_unsalted() -> None:
    digest = "md5$" + hashlib.md5(b"ada@example.org").hexdigest()
    subject = {
        "identifier": [{"identityType": "emailAddress", "hashed": True, "identityHash": digest}]
    }
    assert ob2_recipient(subject) == {"type": "email", "hashed": True, "identity": digest}
