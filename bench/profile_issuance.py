"""Where a bulk job's time goes, per award: the three steps of a chunk, each SQL statement
(``COPY`` and ``executemany`` included) and the commits, on one worker process.

A tool for working on the bulk path, not a benchmark (``bench_issuance.py`` is): timers add
their own small cost, and the figures are printed, not written to docs/benchmarks.md.

    .venv/bin/python bench/profile_issuance.py [--rows 5000] [--postgres] [--cprofile]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_issuance import Database, _django  # noqa: E402


def profile(job_id: int, use_cprofile: bool) -> dict[str, Any]:
    _django()
    from django.db import connection
    from django.db.backends.base.base import BaseDatabaseWrapper

    from credstack.issuance.bulk import runner, sql
    from credstack.issuance.bulk.signing import BatchIssuer
    from credstack.vc.proofs import BatchSigner

    spent: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def timed(label: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started, ran = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started
                cpu[label] += time.thread_time() - ran
                calls[label] += 1

        return wrapper

    def statements(execute: Any, sql_text: str, params: Any, many: bool, context: Any) -> Any:
        started, ran = time.perf_counter(), time.thread_time()
        try:
            return execute(sql_text, params, many, context)
        finally:
            label = "sql: " + " ".join(sql_text.split())[:70]
            spent[label] += time.perf_counter() - started
            cpu[label] += time.thread_time() - ran
            calls[label] += 1

    runner.claim_chunk = timed("step 1 claim", runner.claim_chunk)
    runner.sign_chunk = timed("step 2 sign", runner.sign_chunk)
    runner.store_chunk = timed("step 3 store", runner.store_chunk)
    BatchIssuer.sign = timed("  sign: BatchIssuer.sign", BatchIssuer.sign)
    BatchSigner.sign = timed("    sign: BatchSigner.sign (the engine)", BatchSigner.sign)
    BatchIssuer._document = timed("    sign: BatchIssuer._document", BatchIssuer._document)
    sql.Insert._copy = timed("sql: COPY insert (all)", sql.Insert._copy)
    sql.Update._copy = timed("sql: COPY update (all)", sql.Update._copy)
    sql._executemany = timed("sql: executemany (all)", sql._executemany)
    BaseDatabaseWrapper.commit = timed("commit", BaseDatabaseWrapper.commit)
    BaseDatabaseWrapper._commit = timed("  commit (driver)", BaseDatabaseWrapper._commit)

    profiler = None
    if use_cprofile:
        import cProfile

        profiler = cProfile.Profile()
    name, awards = runner.worker_name(), 0
    started = time.perf_counter()
    with connection.execute_wrapper(statements):
        if profiler:
            profiler.enable()
        runner.work_job(job_id, name)
        if profiler:
            profiler.disable()
    total = time.perf_counter() - started
    from credstack.issuance.models import Award

    awards = Award.objects.filter(status="issued").count()
    if profiler:
        import pstats

        pstats.Stats(profiler, stream=sys.stderr).sort_stats(
            os.environ.get("SORT", "cumulative")
        ).print_stats(int(os.environ.get("LINES", "45")))
    return {"total": total, "awards": awards, "spent": spent, "cpu": cpu, "calls": calls}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    db = Database("postgresql" if args.postgres else "sqlite")
    try:
        job = db.call("setup", str(args.rows))
        command = [sys.executable, __file__, "profile", str(job)]
        if args.cprofile:
            command.append("--cprofile")
        out = subprocess.run(command, env=db.env, capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        if args.cprofile:
            print(out.stderr)
        r = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        db.drop()
    per = 1e6 / max(r["awards"], 1)
    print(f"{r['awards']} awards in {r['total']:.2f} s: {r['total'] * per:.0f} µs per award")
    print("   µs/award (of which this process's CPU)   calls  what")
    for label, seconds in sorted(r["spent"].items(), key=lambda kv: -kv[1]):
        used = r["cpu"].get(label, 0.0)
        print(f"{seconds * per:8.1f} ({used * per:6.1f})  {r['calls'][label]:6d}  {label}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "profile":
        print(json.dumps(profile(int(sys.argv[2]), "--cprofile" in sys.argv)))
    else:
        main()
