"""Benchmark of credstack.vc signing and verification (eddsa-rdfc-2022), one core.

Run: ``.venv/bin/python bench/bench_vc.py`` (``make bench``). Prints a table and refreshes the
"credstack.vc signing" section of docs/benchmarks.md. Side by side in one run:

* raw Ed25519 sign/verify of the 64-byte hash data (the floor no suite can beat);
* the baseline: a straightforward pyld eddsa-rdfc-2022 (``jsonld.normalize`` with URDNA2015,
  the bundled loader, ``base: None``) for the document and the proof configuration;
* credstack: ``proofs.sign`` / ``BatchSigner`` / ``verify_proofs`` (compiled per-shape
  JSON-LD -> RDF + RDFC-1.0), asserting byte-identical proofValues against the baseline.

Every credential is distinct (id, recipient, names, dates vary) as in bulk issuance.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from pyld import jsonld as pyld

from credstack.vc import _contexts
from credstack.vc._multibase import decode_base58btc, encode_base58btc
from credstack.vc.did import controller_document
from credstack.vc.fetch import MappingFetcher
from credstack.vc.keys import Ed25519Key
from credstack.vc.proofs import BatchSigner, sign, verify_proofs
from credstack.vc.resolve import KeyResolver

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_vc:start -->", "<!-- bench_vc:end -->"
ISSUER = "https://example.edu/issuers/565049"
CREATED = "2025-01-01T00:00:00Z"
KEY = Ed25519Key.from_seed(hashlib.sha256(b"credstack bench key").digest())
VM = f"{ISSUER}#{KEY.public_multibase}"


def credential(i: int, alignments: int = 0, evidence: int = 0) -> dict[str, Any]:
    """A standard OB 3.0 credential (shape of the 1EdTech vector), distinct per ``i``."""
    achievement: dict[str, Any] = {
        "id": "https://example.edu/achievements/teamwork",
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "criteria": {"narrative": "Team members are nominated for this badge by their peers."},
        "description": "This badge recognizes the development of the capacity to collaborate.",
        "name": "Teamwork",
        "image": {"id": "https://example.edu/achievements/teamwork/image.png", "type": "Image"},
    }
    if alignments:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": f"Skill {n} for learner {i}",
                "targetUrl": f"https://example.edu/frameworks/skills/{n}",
                "targetCode": f"SK-{n}",
                "targetDescription": f"Demonstrates skill number {n} in a team setting.",
                "targetFramework": "Example Skills Framework",
                "targetType": "ceasn:Competency",
            }
            for n in range(alignments)
        ]
    doc: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:6a1b3f9e-0000-4000-8000-{i:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Example University"},
        "validFrom": f"2025-01-{1 + i % 28:02d}T00:00:00Z",
        "name": f"Teamwork Badge #{i}",
        "credentialSubject": {
            "id": f"did:example:learner{i}",
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
    }
    if evidence:
        doc["evidence"] = [
            {
                "id": f"https://example.edu/evidence/{i}/{n}",
                "type": ["Evidence"],
                "name": f"Portfolio item {n}",
                "narrative": f"Learner {i} delivered project {n} with a team of four.",
                "genre": "Project",
            }
            for n in range(evidence)
        ]
    return doc


def baseline_canon(doc: dict[str, Any]) -> str:
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _contexts.document_loader,
        "base": None,
    }
    result: str = pyld.normalize(doc, options)
    return result


def baseline_sign(doc: dict[str, Any]) -> dict[str, Any]:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": CREATED,
        "verificationMethod": VM,
        "proofPurpose": "assertionMethod",
    }
    config = {**proof, "@context": doc["@context"]}
    data = hashlib.sha256(baseline_canon(config).encode()).digest()
    data += hashlib.sha256(baseline_canon(doc).encode()).digest()
    return {**doc, "proof": [{**proof, "proofValue": encode_base58btc(KEY.sign(data))}]}


def baseline_verify(signed: dict[str, Any]) -> bool:
    proof = signed["proof"][0]
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = signed["@context"]
    data = hashlib.sha256(baseline_canon(config).encode()).digest()
    data += hashlib.sha256(baseline_canon(unsecured).encode()).digest()
    return KEY.public.verify(decode_base58btc(proof["proofValue"]), data)


def resolver() -> KeyResolver:
    document = json.dumps(controller_document(ISSUER, [KEY]))
    return KeyResolver(MappingFetcher({ISSUER: document}))


def rate(fn: Any, items: list[Any], min_seconds: float = 1.0) -> float:
    """Operations per second of ``fn`` over ``items`` (repeated until ``min_seconds``)."""
    fn(items[0])  # warm caches (compiled shapes, key resolution) like a running worker
    done, start = 0, time.perf_counter()
    while True:
        for item in items:
            fn(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def _worker(args: tuple[int, int]) -> int:
    offset, count = args
    signer = BatchSigner(KEY, VM, created=CREATED)
    for i in range(offset, offset + count):
        signer.sign(credential(i))
    return count


def scaling(processes: int, total: int) -> float:
    chunk = total // processes
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_worker, [(p * 10_000_000, 50) for p in range(processes)])  # warm up
        start = time.perf_counter()
        pool.map(_worker, [(p * chunk, chunk) for p in range(processes)])
        return total / (time.perf_counter() - start)


def main() -> int:
    creds = [credential(i) for i in range(400)]
    res = resolver()

    # Correctness first: identical bytes to the baseline on every credential measured.
    batch = BatchSigner(KEY, VM, created=CREATED)
    base_signed = [baseline_sign(c) for c in creds[:100]]
    for c, expected in zip(creds[:100], base_signed, strict=True):
        assert sign(c, KEY, verification_method=VM, created=CREATED) == expected
        assert batch.sign(c) == expected
        assert baseline_verify(expected)
        assert all(r.ok for r in verify_proofs(expected, resolver=res))
    signed = [batch.sign(c) for c in creds]

    data = hashlib.sha256(b"x").digest() * 2
    sig = KEY.sign(data)
    rows: list[tuple[str, float, float | None]] = []
    raw_sign = rate(lambda _: KEY.sign(data), list(range(1000)))
    raw_verify = rate(lambda _: KEY.public.verify(sig, data), list(range(1000)))
    rows.append(("raw Ed25519 (64-byte hash data)", raw_sign, raw_verify))
    b_sign = rate(baseline_sign, creds[:100], 2.0)
    b_verify = rate(baseline_verify, base_signed, 2.0)
    rows.append(("baseline: pyld eddsa-rdfc-2022", b_sign, b_verify))
    c_sign = rate(lambda c: sign(c, KEY, verification_method=VM, created=CREATED), creds)
    c_verify = rate(lambda s: verify_proofs(s, resolver=res), signed)
    rows.append(("credstack proofs.sign / verify_proofs", c_sign, c_verify))
    bs_sign = rate(batch.sign, creds)
    rows.append(("credstack BatchSigner.sign", bs_sign, None))

    # Size growth: alignments x evidence.
    sizes = []
    for alignments, evidence in [(0, 0), (5, 1), (10, 2), (20, 5), (40, 10)]:
        big = [credential(i, alignments, evidence) for i in range(60)]
        big_signed = [batch.sign(c) for c in big]
        assert big_signed[0] == baseline_sign(big[0])
        quads = len(baseline_canon(big[0]).splitlines())
        sizes.append(
            (
                alignments,
                evidence,
                quads,
                1e3 / rate(baseline_sign, big[:10], 1.0),
                1e3 / rate(batch.sign, big, 1.0),
                1e3 / rate(lambda s: verify_proofs(s, resolver=res), big_signed, 1.0),
            )
        )

    procs = [(n, scaling(n, 4000)) for n in (1, 2)]

    lines = [
        START,
        "## credstack.vc signing (eddsa-rdfc-2022)",
        "",
        f"Command: `.venv/bin/python bench/bench_vc.py` (also `make bench`). Measured "
        f"{time.strftime('%Y-%m-%d')} on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; one core unless stated. "
        "Every credential is distinct; the benchmark asserts that credstack's proofs are "
        "byte-identical to the pyld baseline and that both verify.",
        "",
        "| path (standard OB 3.0 credential) | signs/s | verifies/s |",
        "|---|---:|---:|",
    ]
    for name, s, v in rows:
        lines.append(f"| {name} | {s:,.0f} | {'' if v is None else f'{v:,.0f}'} |")
    lines += [
        "",
        f"Speed-up over the baseline: sign {c_sign / b_sign:.1f}x (BatchSigner "
        f"{bs_sign / b_sign:.1f}x), verify {c_verify / b_verify:.1f}x. Verification resolves "
        "the issuer's https key once (KeyResolver cache) as a running verifier would.",
        "",
        "Cost against credential size (ms per operation, one core):",
        "",
        "| alignments | evidence | N-Quads lines | baseline sign | BatchSigner sign | verify |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for a, e, q, b, s, v in sizes:
        lines.append(f"| {a} | {e} | {q} | {b:.2f} | {s:.3f} | {v:.3f} |")
    lines += [
        "",
        "Scaling with worker processes (BatchSigner, 4,000 credentials):",
        "",
        "| processes | signs/s |",
        "|---:|---:|",
    ]
    for n, r in procs:
        lines.append(f"| {n} | {r:,.0f} |")
    lines += [END]
    section = "\n".join(lines)
    print(section)

    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
