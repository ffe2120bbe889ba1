"""Signing and verifying Data Integrity proofs: suites, purposes, issuers, proof sets."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from credstack.vc.did import controller_document
from credstack.vc.errors import ContextNotAllowed, DataLoss, ProofGenerationError
from credstack.vc.fetch import MappingFetcher
from credstack.vc.keys import Ed25519Key
from credstack.vc.proofs import BatchSigner, sign, verify_proofs
from credstack.vc.resolve import KeyResolver

OB3 = json.loads(
    (
        Path(__file__).resolve().parent.parent
        / "vectors"
        / "1edtech-ob3-spec"
        / "ob3-unsigned.json"
    ).read_text()
)
ISSUER = OB3["issuer"]["id"]
KEY = Ed25519Key.from_seed(bytes(range(32)))
OTHER = Ed25519Key.from_seed(bytes(range(1, 33)))
VM = f"{ISSUER}#{KEY.public_multibase}"
RESOLVER = KeyResolver(
    MappingFetcher({ISSUER: json.dumps(controller_document(ISSUER, [KEY, OTHER]))})
)
CREATED = "2025-01-01T00:00:00Z"


def credential() -> dict[str, Any]:
    return copy.deepcopy(OB3)


def codes(document: Any, **kwargs: Any) -> list[str]:
    return [
        r.code for r in verify_proofs(document, resolver=kwargs.pop("resolver", RESOLVER), **kwargs)
    ]


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_it_signs_and_verifies_each_issuable_suite(suite: str) -> None:
    signed = sign(credential(), KEY, verification_method=VM, cryptosuite=suite)
    assert isinstance(signed["proof"], list) and signed["proof"][0]["cryptosuite"] == suite
    assert ("@context" in signed["proof"][0]) == (suite == "eddsa-jcs-2022")
    result = verify_proofs(signed, resolver=RESOLVER)[0]
    assert (result.ok, result.code, result.suite, result.verification_method) == (
        True,
        "OK",
        suite,
        VM,
    )


def test_it_does_not_modify_the_input_document() -> None:
    original = credential()
    sign(original, KEY, verification_method=VM)
    assert original == OB3


def test_several_proofs_on_one_credential_each_verify() -> None:
    signed = sign(credential(), KEY, verification_method=VM, created=CREATED)
    signed = sign(
        signed,
        OTHER,
        verification_method=f"{ISSUER}#{OTHER.public_multibase}",
        cryptosuite="eddsa-jcs-2022",
    )
    assert codes(signed) == ["OK", "OK"]


def test_the_batch_signer_matches_sign_exactly() -> None:
    batch = BatchSigner(KEY, VM, created=CREATED)
    jcs_batch = BatchSigner(KEY, VM, created=CREATED, cryptosuite="eddsa-jcs-2022")
    docs = [credential() for _ in range(3)]
    docs[1]["name"] = "Another badge"
    for doc, signed, jcs_signed in zip(
        docs, batch.sign_many(docs), jcs_batch.sign_many(docs), strict=True
    ):
        assert signed == sign(doc, KEY, verification_method=VM, created=CREATED)
        assert jcs_signed == sign(
            doc, KEY, verification_method=VM, created=CREATED, cryptosuite="eddsa-jcs-2022"
        )
    assert sign(docs[0], KEY, verification_method=VM, created=CREATED, fast=False) == batch.sign(
        docs[0]
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"cryptosuite": "Ed25519Signature2020"}, ProofGenerationError),
        ({"cryptosuite": "ecdsa-rdfc-2019"}, ProofGenerationError),
        ({"created": "yesterday"}, ProofGenerationError),
        ({"verification_method": "not-a-url"}, ProofGenerationError),
        ({"previous_proof": "urn:absent"}, ProofGenerationError),
        ({"previous_proof": 5}, ProofGenerationError),
    ],
)
def test_it_refuses_to_sign_with_bad_options(
    kwargs: dict[str, Any], error: type[Exception]
) -> None:
    options = {"verification_method": VM, **kwargs}
    with pytest.raises(error):
        sign(credential(), KEY, **options)


def test_it_refuses_to_sign_documents_that_would_lose_data() -> None:
    with pytest.raises(ProofGenerationError):
        sign({"no": "context"}, KEY, verification_method=VM)
    with pytest.raises(DataLoss):
        sign({**credential(), "undefinedTerm": 1}, KEY, verification_method=VM)
    with pytest.raises(ContextNotAllowed):
        sign({**credential(), "@context": ["https://example.org/ctx"]}, KEY, verification_method=VM)


def test_verification_requires_the_issuer_to_control_the_key() -> None:
    stranger = Ed25519Key.generate()
    signed = sign(
        credential(),
        stranger,
        verification_method=f"{stranger.did_key}#{stranger.public_multibase}",
    )
    assert codes(signed) == ["KEY_NOT_AUTHORIZED"]
    assert codes(signed, issuer_id=stranger.did_key) == ["OK"]
    no_issuer = {k: v for k, v in signed.items() if k != "issuer"}
    assert codes(no_issuer) == ["KEY_NOT_AUTHORIZED"]


def test_verification_refuses_a_key_the_issuer_does_not_list_for_assertions() -> None:
    document = controller_document(ISSUER, [KEY], relationships=("authentication",))
    resolver = KeyResolver(MappingFetcher({ISSUER: json.dumps(document)}))
    signed = sign(credential(), KEY, verification_method=VM)
    assert codes(signed, resolver=resolver) == ["KEY_NOT_AUTHORIZED"]


def test_verification_refuses_a_fragment_key_the_issuer_never_published() -> None:
    attacker = Ed25519Key.generate()
    signed = sign(
        credential(), attacker, verification_method=f"{ISSUER}#{attacker.public_multibase}"
    )
    assert codes(signed) == ["KEY_RESOLUTION_FAILED"]


def test_it_checks_the_proof_purpose_domain_and_challenge() -> None:
    signed = sign(credential(), KEY, verification_method=VM, proof_purpose="authentication")
    assert codes(signed) == ["PROOF_PURPOSE_MISMATCH"]
    signed = sign(credential(), KEY, verification_method=VM)
    assert codes(signed, domain="example.org") == ["PROOF_MALFORMED"]
    assert codes(signed, challenge="abc") == ["PROOF_MALFORMED"]


def test_it_honours_the_suite_allow_list() -> None:
    signed = sign(credential(), KEY, verification_method=VM, cryptosuite="eddsa-jcs-2022")
    assert codes(signed, allowed_suites={"eddsa-rdfc-2022"}) == ["SUITE_NOT_ALLOWED"]
    unknown = copy.deepcopy(signed)
    unknown["proof"][0]["cryptosuite"] = "bbs-2023"
    assert codes(unknown) == ["SUITE_NOT_ALLOWED"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda p: p.pop("proofValue"), "PROOF_MALFORMED"),
        (lambda p: p.update(proofValue="uAAAA"), "PROOF_MALFORMED"),
        (lambda p: p.update(proofValue="z2"), "PROOF_MALFORMED"),
        (lambda p: p.pop("verificationMethod"), "PROOF_MALFORMED"),
        (lambda p: p.update(created="2025-01-01T00:00:01Z"), "PROOF_INVALID"),
        (
            lambda p: p.update({"@context": ["https://www.w3.org/2018/credentials/v1"]}),
            "PROOF_MALFORMED",
        ),
        (lambda p: p.update(previousProof="urn:absent"), "PROOF_MALFORMED"),
        (
            lambda p: p.update(verificationMethod=f"{ISSUER}#{OTHER.public_multibase}"),
            "PROOF_INVALID",
        ),
    ],
)
def test_a_damaged_proof_fails_with_a_stable_code(change: Any, code: str) -> None:
    signed = sign(credential(), KEY, verification_method=VM)
    change(signed["proof"][0])
    assert codes(signed) == [code]


def test_it_never_raises_on_bad_input() -> None:
    assert codes("not a credential") == ["CREDENTIAL_MALFORMED"]
    assert codes(credential()) == ["PROOF_MISSING"]
    assert codes({**credential(), "proof": ["text"]}) == ["PROOF_MALFORMED"]
    signed = sign(credential(), KEY, verification_method=VM)
    broken = {**signed, "credentialSubject": {"achievement": {"@value": {"x": 1}}}}
    assert codes(broken)[0] in {"DATA_LOSS_DETECTION_ERROR", "PROOF_MALFORMED"}


def test_a_proof_with_its_own_matching_context_still_verifies() -> None:
    signed = sign(credential(), KEY, verification_method=VM)
    signed["proof"][0]["@context"] = signed["@context"][:1]
    assert codes(signed) == ["OK"]
