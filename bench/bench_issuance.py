"""Bulk issuance end to end: awards/s on SQLite and PostgreSQL with 1 and 2 worker processes.

Each run gets a fresh database (a temporary SQLite file, or a PostgreSQL database created on
the server of BENCH_PG_URL and dropped afterwards), an issuer, a product and a confirmed-ready
bulk job of N rows (claim emails off: delivery is the outbox's own work). W worker processes
then run the job's chunk loop (``issuance.bulk.runner.work_job``, exactly what the
``run_bulk_job`` task runs) until it is done: award rows, status indices under the list lock,
credentials built, signed with BatchSigner and stored; no image is baked (bake on download).

The engine's raw rate is measured in the same run, by the same worker processes, just before
and just after the job: ``BatchSigner.sign`` alone on the platform's credential document, in
as many processes as there are workers (see ``work``). Peak RSS of a single worker is
measured at 1,000 and 10,000 rows (and 100,000 with ``--full``) on each database.

    .venv/bin/python bench/bench_issuance.py [--rows 10000] [--full] [--no-postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ENGINE_SECONDS = float(os.environ.get("BENCH_ENGINE_SECONDS", "2"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SETTINGS = """from credstack.settings import *  # noqa
"""


# --- inside a subprocess (Django configured from the environment) -----------------------------


def _django() -> None:
    import django

    django.setup()


def setup_job(rows: int) -> int:
    _django()
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from credstack.accounts.models import Membership, Organisation, Role, User
    from credstack.catalog.models import AssessmentCriterion, Lifecycle, MicroCredential
    from credstack.issuance.bulk.services import Upload, upload_csv
    from credstack.issuance.models import BulkJob
    from credstack.issuance.services import RuleInput, create_issuer_profile, save_release_rule

    call_command("migrate", verbosity=0)  # the real migrations: what an install runs
    org = Organisation.objects.create(name="Northbridge Institute", slug="northbridge")
    user = User.objects.create_user(username="issuer", email="issuer@example.org", password="x")
    Membership.objects.create(user=user, organisation=org, role=Role.ADMINISTRATOR)
    create_issuer_profile(None, org)
    credential = MicroCredential.objects.create(
        organisation=org,
        code="DATA-101",
        slug="data-storytelling",
        title="Data Storytelling for Decision-Makers",
        short_description="Turn analysis into a clear, honest story that leads to a decision.",
        volume_hours=30,
        credit_value="2.5",
        status=Lifecycle.PUBLISHED,
        published_at=timezone.now(),
    )
    for n, text in enumerate(["Chooses a fitting chart", "States a supported recommendation"]):
        AssessmentCriterion.objects.create(credential=credential, position=n + 1, text=text)
    save_release_rule(user, credential, RuleInput(allowed_sources=["csv"], requires_approval=False))
    lines = ["name,email,narrative,result"] + [
        f"Learner {i},learner{i}@example.org,Completed the capstone project,Pass"
        for i in range(rows)
    ]
    data = ("\n".join(lines) + "\n").encode()
    job = upload_csv(
        user,
        Upload(credential=credential, stream=io.BytesIO(data), size=len(data), notify=False),
    )
    # Confirmed by hand: the bench starts its own worker processes instead of queue workers.
    BulkJob.objects.filter(pk=job.pk).update(state=BulkJob.State.QUEUED)
    return job.pk


def work(job_id: int) -> dict[str, Any]:
    """A worker process, driven phase by phase from stdin (one line per phase).

    ``engine``: sign the platform's document with the engine alone (``BatchSigner.sign``) for
    ENGINE_SECONDS; ``job``: work the bulk job until it is done, exactly as the queue task
    does; ``end``: report. All workers run each phase at the same time, so the engine phases
    before and after the job meet the same machine as the job itself, and with two workers
    the engine runs in two processes too.
    """
    _django()
    from django.utils import timezone

    from credstack.issuance.bulk.runner import work_job, worker_name
    from credstack.issuance.bulk.signing import AwardFacts, BatchIssuer
    from credstack.issuance.models import BulkJob

    job = BulkJob.objects.select_related("issuer", "credential").get(pk=job_id)
    batch = BatchIssuer(job.issuer, job.credential)
    sample = AwardFacts(
        0, uuid.uuid4(), "learner@example.org", "", "Completed the capstone project", "",
        "none", {"value": "Pass"}, 1, 0,
    )  # fmt: skip
    document, _variant = batch._document(sample, timezone.now().replace(microsecond=0))
    report: dict[str, Any] = {"engine": []}
    print("ready", flush=True)
    for line in sys.stdin:
        phase = line.strip()
        if phase == "engine":
            # Warm, then count signatures of distinct documents for ENGINE_SECONDS.
            done, end = 0, time.perf_counter() + ENGINE_SECONDS
            while time.perf_counter() < end:
                batch.signer.sign({**document, "id": f"urn:uuid:{uuid.uuid4()}"})
                done += 1
            report["engine"].append(done / ENGINE_SECONDS)
        elif phase == "job":
            work_job(job_id, worker_name())
        else:
            break
        print("done", flush=True)
    report["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report


# --- the orchestrator -------------------------------------------------------------------------


class Database:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.tmp = Path(tempfile.mkdtemp(prefix="credstack-bench-issuance-"))
        (self.tmp / "bench_issuance_settings.py").write_text(SETTINGS)
        self.name = f"credstack_bench_{uuid.uuid4().hex[:8]}"
        if kind == "postgresql":
            import psycopg

            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(self.tmp),
            "DJANGO_SETTINGS_MODULE": "bench_issuance_settings",
            "CREDSTACK_DATA_DIR": str(self.tmp),
            "CREDSTACK_KEK": "k" * 40,
            "SECRET_KEY": "s" * 50,
            "CREDSTACK_BASE_URL": "https://credstack.test",
            "ALLOWED_HOSTS": "credstack.test",
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",
        }
        env.pop("DATABASE_URL", None)
        if self.kind == "postgresql":
            env["DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + "/" + self.name
        return env

    def call(self, *args: str) -> Any:
        out = subprocess.run(
            [sys.executable, __file__, *args], env=self.env, capture_output=True, text=True
        )
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        return json.loads(out.stdout.strip().splitlines()[-1])

    def run_job(self, rows: int, workers: int) -> dict[str, Any]:
        job = self.call("setup", str(rows))
        procs = [
            subprocess.Popen(
                [sys.executable, __file__, "work", str(job)],
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(workers)
        ]

        def phase(name: str) -> float:
            started = time.perf_counter()
            for p in procs:
                assert p.stdin is not None
                p.stdin.write(name + "\n")
                p.stdin.flush()
            for p in procs:
                assert p.stdout is not None and p.stdout.readline().strip() == "done"
            return time.perf_counter() - started

        # A queue worker is a long-lived process: start-up is not part of the job's time.
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        phase("engine")
        elapsed = phase("job")
        phase("engine")
        results = [json.loads(p.communicate("end\n")[0].strip().splitlines()[-1]) for p in procs]
        # The engine's rate with as many processes as workers: the sum over the processes,
        # averaged over the phase before and the phase after the job.
        engine = sum(sum(r["engine"]) / len(r["engine"]) for r in results)
        return {
            "rows": rows,
            "seconds": elapsed,
            "rate": rows / elapsed,
            "engine": engine,
            "workers": results,
        }

    def drop(self) -> None:
        if self.kind == "postgresql":
            import psycopg

            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def measure(kind: str, rows: int, workers: int) -> dict[str, Any]:
    db = Database(kind)
    try:
        return db.run_job(rows, workers)
    finally:
        db.drop()


def postgres_up() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=2).close()
    except Exception:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--full", action="store_true", help="also measure memory at 100,000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    kinds = ["sqlite"] + ([] if args.no_postgres or not postgres_up() else ["postgresql"])
    lines = [
        "| database | workers | awards | seconds | awards/s | engine signs/s, same processes "
        "| ratio | ratio to one engine process | vs 1 worker |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in kinds:
        single = 0.0
        for workers in (1, 2):
            r = measure(kind, args.rows, workers)
            single = single or r["rate"]
            lines.append(
                f"| {kind} | {workers} | {r['rows']:,} | {r['seconds']:.1f} | {r['rate']:.0f} | "
                f"{r['engine']:.0f} | {r['rate'] / r['engine']:.0%} | "
                f"{r['rate'] / (r['engine'] / workers):.0%} | {r['rate'] / single:.2f}x |"
            )
            print(lines[-1], flush=True)
    sizes = [1_000, 10_000] + ([100_000] if args.full else [])
    memory = ["| database | rows in the job | peak RSS of the worker |", "|---|---|---|"]
    for kind in kinds:
        for rows in sizes:
            r = measure(kind, rows, 1)
            peak = r["workers"][0]["max_rss_kb"] / 1024
            memory.append(f"| {kind} | {rows:,} | {peak:.0f} MB |")
            print(memory[-1], flush=True)
    body = (
        "Bulk job of N CSV rows → N issued OpenBadgeCredentials (award rows, status indices, "
        "eddsa-rdfc-2022 via BatchSigner, schema check per document variant; claim emails off; "
        "images baked on download, not stored). Each worker is a separate, already started "
        "process running the job's chunk loop (`work_job`, as the queue task runs it; on "
        "PostgreSQL its claims and stores run on a second thread while it signs). The same "
        "processes sign the platform's document "
        "with the engine alone (`BatchSigner.sign`) for a few seconds just before and just after "
        "the job, all at once: *engine signs/s* is that rate summed over the processes (one "
        "process for one worker, two for two), and *ratio* = platform awards/s ÷ that rate. "
        "*ratio to one engine process* compares with a single process's signing rate (the "
        "engine's rate on one core), *vs 1 worker* is the scaling. "
        f"This machine has {os.cpu_count()} cores: with two workers the database (the "
        "SQLite writer in the workers, or PostgreSQL's server processes) shares them with the "
        "signing, which the engine-only phases do not have to.\n\n"
        + "\n".join(lines)
        + "\n\nMemory stays flat as the job grows (at most two chunks in memory: on PostgreSQL one "
        "is stored while the next is signed); sizes measured: "
        + ", ".join(f"{s:,}" for s in sizes)
        + (" (100,000 only with `--full`)" if not args.full else "")
        + ".\n\n"
        + "\n".join(memory)
    )
    from _report import write_section

    command = "python bench/bench_issuance.py"
    command += f" --rows {args.rows}" if args.rows != 10_000 else ""
    command += " --full" if args.full else ""
    write_section("issuance", "Bulk issuance", command, body)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("setup", "work"):
        command, value = sys.argv[1], int(sys.argv[2])
        result: Any = {"setup": setup_job, "work": work}[command](value)
        print(json.dumps(result))
    else:
        sys.path.insert(0, str(HERE))
        main()
