"""Benchmark: verification throughput of POST /api/v1/verify under concurrent load.

Run: ``.venv/bin/python bench/bench_verify.py`` (``make bench``). Side by side in one run:

* the production server: gunicorn, 2 sync workers on 127.0.0.1, a fresh SQLite data directory
  in a temp folder, migrated, with one credential issued through the issuance services;
* load from wrk (C, one thread, ``BENCH_CLIENTS`` connections) when it is installed
  (``apt-get install wrk``), else from a bounded Python generator (threads, one http.client
  connection each), which takes more of the two cores from the server; the report says which;
* the engine's raw rate: ``credstack.vc.verify`` on the same credential in-process, 2 processes,
  with the issuer's documents served from memory, plus the suspension companion list the API
  also reads (the same checks, both status lists included);
* the two alternate in ``BENCH_ROUNDS`` slices of ``BENCH_SECONDS`` each, so both meet the
  same machine load.

Reports req/s, p50/p99 latency, the HTTP/raw ratio (target >= 50%) and where the status lists
came from (every report lists its sources: cache, revalidated, network or internal).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = "https://credstack.bench"
DURATION = float(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))

SETUP = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from credstack.accounts.models import Organisation
from credstack.catalog.models import Lifecycle, MicroCredential
from credstack.issuance.models import Award, AwardSource
from credstack.issuance.services import create_issuer_profile, issue_award, profile_document, published_list
org = Organisation.objects.create(name="Bench Institute", slug="bench", url="https://bench.example")
issuer = create_issuer_profile(None, org)
micro = MicroCredential.objects.create(organisation=org, code="B-1", slug="b-1", title="Benchmarking",
    short_description="Measures things.", volume_hours=10, status=Lifecycle.PUBLISHED)
award = Award.objects.create(credential=micro, issuer=issuer, credential_lineage=micro.lineage,
    recipient_key="ada@example.org", recipient_email="ada@example.org", source=AwardSource.MANUAL,
    source_event="bench")
award = issue_award(award, deliver=False)
docs = {f"{issuer_url}": profile_document(issuer) for issuer_url in [profile_document(issuer)["id"]]}
for purpose in ("revocation", "suspension"):
    row = published_list(issuer, purpose, 1)
    docs[row.signed_json["id"]] = row.signed_json
print(json.dumps({"credential": award.credential_json, "documents": docs}))
"""


def _env(data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "credstack.settings",
        "CREDSTACK_DATA_DIR": data_dir,
        "CREDSTACK_BASE_URL": BASE_URL,
        "CREDSTACK_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CREDSTACK_VERIFY_BURST": "100000000",
        "CREDSTACK_VERIFY_RATE_PER_MINUTE": "100000000",
        "LOG_LEVEL": "ERROR",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raw_verify(credential: dict[str, Any], fetcher: Any) -> bool:
    """The engine's checks that the API makes, with nothing of the platform around them.

    ``verify()`` checks the proof, the key, the dates and the revocation list (its proof
    included); the API adds the suspension companion (decision 0002), so this reads it too,
    the way the engine reads the revocation list: fetched, parsed, its proof verified, the bit
    read. Both lists are served from memory.
    """
    from credstack.vc.proofs import verify_proofs
    from credstack.vc.resolve import KeyResolver
    from credstack.vc.status import check_status
    from credstack.vc.verify import verify

    resolver = KeyResolver(fetcher)
    report = verify(credential, fetcher=fetcher, resolver=resolver)
    entry = credential["credentialStatus"]
    list_url = entry["statusListCredential"].replace("/revocation/", "/suspension/")
    companion = {**entry, "statusPurpose": "suspension", "statusListCredential": list_url}
    suspension = check_status(
        {"credentialStatus": companion},
        fetcher=fetcher,
        verify_list=lambda d: any(r.ok for r in verify_proofs(d, resolver=resolver)),
    )
    return report.result == "valid" and all(r.ok and not r.set for r in suspension)


def _raw_worker(args: tuple[dict[str, Any], dict[str, Any], float]) -> int:
    credential, documents, seconds = args
    from credstack.vc.fetch import MappingFetcher

    fetcher = MappingFetcher({u: json.dumps(d) for u, d in documents.items()})
    assert _raw_verify(credential, fetcher)
    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        _raw_verify(credential, fetcher)
        done += 1
    return done


def _client(port: int, body: bytes, end: float, out: list[tuple[float, int, bytes]]) -> None:
    # Answers are parsed after the slice: the load generator shares the machine's cores with
    # the server, and parsing 5 kB of JSON per answer inside the slice took CPU from it.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    while time.perf_counter() < end:
        started = time.perf_counter()
        connection.request("POST", "/api/v1/verify", body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        out.append((time.perf_counter() - started, response.status, data))


WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open(os.getenv("CREDSTACK_BENCH_BODY"), "rb")
wrk.body = file:read("*a")
file:close()
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("CREDSTACK %d %d %d %.3f %.3f\\n", summary.requests,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def _wrk_slice(port: int, body: bytes, seconds: float) -> tuple[int, int, float, float]:
    """One slice of wrk load: (answers, failures, p50 ms, p99 ms)."""
    folder = Path(tempfile.mkdtemp(prefix="credstack-bench-wrk-"))
    (folder / "body.json").write_bytes(body)
    (folder / "post.lua").write_text(WRK_SCRIPT)
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CLIENTS}",
            f"-d{max(1, round(seconds))}s",
            "-s",
            str(folder / "post.lua"),
            f"http://127.0.0.1:{port}/api/v1/verify",
        ],
        env={**os.environ, "CREDSTACK_BENCH_BODY": str(folder / "body.json")},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("CREDSTACK "))
    requests, bad_status, socket_errors, p50, p99 = line.split()[1:]
    return int(requests), int(bad_status) + int(socket_errors), float(p50), float(p99)


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="credstack-bench-verify-")
    env = _env(data_dir)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    fixture = json.loads(setup.stdout.strip().splitlines()[-1])
    credential, documents = fixture["credential"], fixture["documents"]

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "credstack.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        body = json.dumps({"credential": credential}).encode()
        for _ in range(100):
            try:
                warm: list[Any] = []
                _client(port, body, time.perf_counter() + 1.0, warm)
                break
            except OSError:
                time.sleep(0.2)
        # Warm every worker (each loads the contexts and schemas on its first verification),
        # so the slices measure the server as it runs, not its first requests.
        warming = [
            threading.Thread(target=_client, args=(port, body, time.perf_counter() + 2.0, warm))
            for _ in range(CLIENTS)
        ]
        for t in warming:
            t.start()
        for t in warming:
            t.join()
        # Raw and HTTP phases alternate in ROUNDS short slices, so both see the same machine
        # load (a shared CI box's load moves within seconds; one long phase each did not).
        answers: list[tuple[float, int, bytes]] = []
        slices: list[tuple[int, int, float, float]] = []
        raw_done = 0
        piece = DURATION / ROUNDS
        use_wrk = shutil.which("wrk") is not None and not os.environ.get("BENCH_PYTHON_CLIENT")
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            for _round in range(ROUNDS):
                raw_done += sum(pool.map(_raw_worker, [(credential, documents, piece)] * 2))
                if use_wrk:
                    slices.append(_wrk_slice(port, body, piece))
                    continue
                end = time.perf_counter() + piece
                threads = [
                    threading.Thread(target=_client, args=(port, body, end, answers))
                    for _ in range(CLIENTS)
                ]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
        raw_rate = raw_done / DURATION
        measured = list(answers)
        if use_wrk:
            # wrk counts answers, not reports: a short Python pass (not timed) reads reports
            # to show every answer says "valid" and where the status lists came from.
            _client(port, body, time.perf_counter() + 2.0, answers)
    finally:
        server.terminate()
        server.wait(timeout=10)

    results = [(t, code, json.loads(data) if code == 200 else {}) for t, code, data in answers]
    ok = [r for r in results if r[1] == 200 and r[2].get("result") == "valid"]
    assert len(ok) == len(results), "every verification must answer valid"
    origins: Counter[str] = Counter()
    for _, _, report in ok:
        for source in report.get("sources", []):
            if "/status/" in source["url"]:
                origins[source["origin"]] += 1
    if use_wrk:
        total = sum(n for n, _bad, _p50, _p99 in slices)
        failed = sum(bad for _n, bad, _p50, _p99 in slices)
        good = total - failed
        http_rate = good / (ROUNDS * max(1, round(piece)))
        p50 = sorted(x for _n, _b, x, _p in slices)[len(slices) // 2]
        p99 = max(p for _n, _b, _x, p in slices)
        client = f"wrk, 1 thread, {CLIENTS} connections"
        counted = f"{good} answered 200 of {total}; a sample of {len(results)} read: all valid"
    else:
        latencies = sorted(t for t, _code, _data in measured)
        good = sum(1 for _t, code, _d in measured if code == 200)
        http_rate = good / DURATION
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
        client = f"Python threads, {CLIENTS} connections"
        counted = f"{len(ok)} valid of {len(results)}"
    ratio = http_rate / raw_rate
    status_reads = sum(origins.values())
    full = origins["internal"] + origins["network"]
    load = "load average (1/5/15 min) {:.1f} / {:.1f} / {:.1f} at the end".format(*os.getloadavg())
    body_text = f"""
| measure | value |
|---|---|
| engine raw `verify()` + suspension list (2 processes, in memory, both lists checked) | {raw_rate:,.0f} verifications/s |
| API `POST /api/v1/verify` (gunicorn 2 sync workers; load: {client}; {DURATION:g} s in {ROUNDS} slices) | {http_rate:,.0f} req/s ({counted}) |
| ratio HTTP / raw | {ratio:.0%} (target ≥ 50%) |
| latency p50 / p99 | {p50:.1f} ms / {p99:.1f} ms |
| status-list reads | {status_reads} — cache/revalidated: {origins["cache"] + origins["revalidated"]}, full fetches: {full} |

Each API verification checks the proof, the issuer's key (profile document), the revocation list
and the suspension companion (decision 0002), and records a VerificationEvent; the raw side runs
the same checks through the engine alone (both lists fetched, parsed and their proofs verified on
every call). The platform's own issuer documents are remembered per issuer stamp (current key,
key count, status-list versions: one indexed query per verification on the worker's persistent
connection, `CONN_MAX_AGE`), so a revocation shows on the next verification; the suspension
list's signature is verified once per content; events are written in batches. The load
generator parses the answers after each slice, so its JSON work does not take CPU from the
server while it is measured. Load: {load}.
"""
    print(body_text)
    sys.path.insert(0, str(ROOT / "bench"))
    from _report import write_section

    write_section(
        "verify",
        "Verification API throughput",
        ".venv/bin/python bench/bench_verify.py",
        body_text,
    )


if __name__ == "__main__":
    main()
