"""Every W3C vc-di-eddsa and 1EdTech OB 3.0 / CLR 2.0 vector, reproduced byte for byte."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from credstack.vc._jcs import jcs
from credstack.vc._multibase import decode_base58btc
from credstack.vc.did import controller_document
from credstack.vc.fetch import MappingFetcher
from credstack.vc.jsonld import to_rdfc
from credstack.vc.keys import Ed25519Key, PublicKey
from credstack.vc.proofs import sign, verify_proofs
from credstack.vc.resolve import KeyResolver

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
OB = VECTORS / "1edtech-ob3-spec"
W3C_KEY = Ed25519Key.from_secret_multibase(
    json.loads((W3C / "keyPair.json").read_text())["privateKeyMultibase"]
)


def load(path: Path) -> Any:
    return json.loads(path.read_text())


def text(path: Path) -> str:
    return path.read_text()


# (folder, file suffix, cryptosuite, canonical-form function)
W3C_SUITES = [
    ("eddsa-rdfc-2022", "DataInt", "eddsa-rdfc-2022"),
    ("eddsa-jcs-2022", "JCS", "eddsa-jcs-2022"),
    ("Ed25519Signature2020", "EdSig", None),
]


def canonical(suite: str | None, document: dict[str, Any]) -> str:
    if suite == "eddsa-jcs-2022":
        return jcs(document).decode()
    return to_rdfc(document)


@pytest.mark.parametrize(("folder", "suffix", "suite"), W3C_SUITES)
def test_it_reproduces_every_intermediate_value_of_the_w3c_vectors(
    folder: str, suffix: str, suite: str | None
) -> None:
    base = W3C / folder
    unsigned = load(W3C / "unsigned.json")
    signed = load(base / f"signed{suffix}.json")
    proof_config = load(base / f"proofConfig{suffix}.json")
    if suite is None:  # Ed25519Signature2020 adds its context to the document
        unsigned = {**unsigned, "@context": signed["@context"]}
    doc_canon = canonical(suite, unsigned)
    proof_canon = canonical(suite, proof_config)
    assert doc_canon.strip("\n") == text(base / f"canonDoc{suffix}.txt").strip("\n")
    assert proof_canon.strip("\n") == text(base / f"proofCanon{suffix}.txt").strip("\n")
    doc_hash = hashlib.sha256(doc_canon.encode()).hexdigest()
    proof_hash = hashlib.sha256(proof_canon.encode()).hexdigest()
    assert doc_hash == text(base / f"docHash{suffix}.txt").strip()
    assert proof_hash == text(base / f"proofHash{suffix}.txt").strip()
    assert proof_hash + doc_hash == text(base / f"combinedHash{suffix}.txt").strip()
    signature = W3C_KEY.sign(bytes.fromhex(proof_hash + doc_hash))
    assert signature.hex() == text(base / f"sigHex{suffix}.txt").strip()
    proof = signed["proof"] if isinstance(signed["proof"], dict) else signed["proof"][0]
    assert proof["proofValue"] == text(base / f"sigBTC58{suffix}.txt").strip()


@pytest.mark.parametrize(("folder", "suffix", "suite"), W3C_SUITES[:2])
def test_it_signs_the_w3c_unsigned_credential_to_the_published_proof(
    folder: str, suffix: str, suite: str
) -> None:
    expected = load(W3C / folder / f"signed{suffix}.json")
    proof = expected["proof"]
    for fast in (True, False):
        signed = sign(
            load(W3C / "unsigned.json"),
            W3C_KEY,
            verification_method=proof["verificationMethod"],
            cryptosuite=suite,
            created=proof["created"],
            fast=fast,
        )
        assert signed["proof"] == [proof]
        assert {k: v for k, v in signed.items() if k != "proof"} == {
            k: v for k, v in expected.items() if k != "proof"
        }


W3C_SIGNED = [
    "eddsa-rdfc-2022/signedDataInt.json",
    "eddsa-jcs-2022/signedJCS.json",
    "Ed25519Signature2020/signedEdSig.json",
    "proof-set-chain/signedProofSet1.json",
    "proof-set-chain/signedProofSet2.json",
    "proof-set-chain/signedProofChain1.json",
    "proof-set-chain/signedProofChain2.json",
]


@pytest.mark.parametrize("name", W3C_SIGNED)
def test_it_verifies_every_w3c_signed_document(name: str) -> None:
    results = verify_proofs(load(W3C / name), resolver=KeyResolver(), check_controller=False)
    assert results and all(r.ok for r in results), results


@pytest.mark.parametrize("name", W3C_SIGNED)
def test_it_refuses_w3c_documents_whose_did_key_is_not_the_issuer(name: str) -> None:
    results = verify_proofs(load(W3C / name), resolver=KeyResolver())
    assert {r.code for r in results} == {"KEY_NOT_AUTHORIZED"}


@pytest.mark.parametrize("name", W3C_SIGNED)
def test_it_fails_every_altered_w3c_document_with_proof_invalid(name: str) -> None:
    document = load(W3C / name)
    document["validFrom"] = "2023-01-01T00:00:01Z"
    results = verify_proofs(document, resolver=KeyResolver(), check_controller=False)
    assert [r.code for r in results] == ["PROOF_INVALID"] * len(results)


def test_it_reproduces_the_proof_set_and_chain_signatures() -> None:
    keys = load(W3C / "proof-set-chain" / "multiKeyPairs.json")
    signers = [
        Ed25519Key.from_secret_multibase(keys[f"keyPair{n}"]["privateKeyMultibase"])
        for n in (1, 2, 3, 4)
    ]
    expected = load(W3C / "proof-set-chain" / "signedProofChain2.json")["proof"]
    document = load(W3C / "proof-set-chain" / "unsigned.json")
    for key, proof in zip(signers, expected, strict=True):
        document = sign(
            document,
            key,
            verification_method=proof["verificationMethod"],
            created=proof["created"],
            proof_id=proof.get("id"),
            previous_proof=proof.get("previousProof"),
        )
    assert document["proof"] == expected


def test_it_refuses_the_employ_vector_because_its_context_is_not_bundled() -> None:
    results = verify_proofs(
        load(W3C / "eddsa-rdfc-2022" / "employ" / "signedDataInt.json"),
        resolver=KeyResolver(),
        check_controller=False,
        allowed_suites={"eddsa-rdfc-2022"},
    )
    assert {r.code for r in results} <= {"CONTEXT_NOT_ALLOWED", "KEY_RESOLUTION_FAILED"}
    assert not any(r.ok for r in results)


def ob_key(kind: str) -> tuple[Ed25519Key, dict[str, Any]]:
    info = load(OB / f"{kind}-key-and-expected.json")
    seed = bytes.fromhex(info["keyPair"]["privateKeyHex_seed_then_public"])[:32]
    key = Ed25519Key.from_seed(seed)
    assert key.public.raw.hex() == info["keyPair"]["publicKeyHex"]
    assert key.public_multibase == info["keyPair"]["publicKeyMultibase"]
    return key, info


def ob_resolver(key: Ed25519Key, controller: str) -> KeyResolver:
    return KeyResolver(
        MappingFetcher({controller: json.dumps(controller_document(controller, [key]))})
    )


@pytest.mark.parametrize("kind", ["ob3", "clr2"])
def test_it_reproduces_the_1edtech_vectors_byte_for_byte(kind: str) -> None:
    key, info = ob_key(kind)
    expected = info["expected"]
    unsigned = load(OB / f"{kind}-unsigned.json")
    options = load(OB / f"{kind}-proof-options.json")
    doc_canon = to_rdfc(unsigned)
    proof_canon = to_rdfc({**options, "@context": unsigned["@context"]})
    assert doc_canon == text(OB / f"{kind}-document-canon.txt")
    assert proof_canon == text(OB / f"{kind}-proof-canon.txt")
    assert hashlib.sha256(doc_canon.encode()).hexdigest() == expected["documentHashHex"]
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == expected["proofHashHex"]
    assert key.sign(bytes.fromhex(expected["dataToSignHex"])).hex() == expected["signatureHex"]
    signed = sign(
        unsigned,
        key,
        verification_method=options["verificationMethod"],
        created=options["created"],
    )
    assert signed["proof"][0]["proofValue"] == expected["proofValue"]
    published = load(OB / f"{kind}-signed.json")
    published_proof = (
        published["proof"] if isinstance(published["proof"], dict) else published["proof"][0]
    )
    assert published_proof["proofValue"] == expected["proofValue"]


@pytest.mark.parametrize("kind", ["ob3", "clr2"])
def test_it_verifies_the_1edtech_signed_documents_and_fails_altered_ones(kind: str) -> None:
    key, info = ob_key(kind)
    resolver = ob_resolver(key, info["keyPair"]["controller"])
    published = load(OB / f"{kind}-signed.json")
    assert [r.code for r in verify_proofs(published, resolver=resolver)] == ["OK"]
    altered = copy.deepcopy(published)
    altered["credentialSubject"]["id"] = "did:example:someone-else"
    assert [r.code for r in verify_proofs(altered, resolver=resolver)] == ["PROOF_INVALID"]
    added = copy.deepcopy(published)
    added["credentialSubject"]["undefinedTerm"] = "not in any context"
    assert [r.code for r in verify_proofs(added, resolver=resolver)] == [
        "DATA_LOSS_DETECTION_ERROR"
    ]


def test_the_w3c_vector_keys_round_trip_through_multibase() -> None:
    pair = load(W3C / "keyPair.json")
    assert W3C_KEY.public_multibase == pair["publicKeyMultibase"]
    assert W3C_KEY.secret_multibase == pair["privateKeyMultibase"]
    assert PublicKey.from_multibase(pair["publicKeyMultibase"]) == W3C_KEY.public
    assert (
        len(decode_base58btc(text(W3C / "eddsa-rdfc-2022" / "sigBTC58DataInt.txt").strip())) == 64
    )
