"""A worker SIGKILLed mid-job, then a new one: exactly N awards, unique indices, no row lost.

Real processes on a real database: ``credstack db_worker`` (the Django Tasks database
backend) works the job; the test kills it with SIGKILL while a chunk is claimed (in flight),
runs the reconciler (``credstack bulk_recover``) once the claim lease has run out, and lets a
second worker finish. Runs on SQLite, or on PostgreSQL when DATABASE_URL points at it.
"""

from __future__ import annotations

import signal
import time

from .scenario import Scenario

ROWS = 300
LEASE = 2


def wait_for(predicate, timeout: float = 60, every: float = 0.02):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


def outcome(s: Scenario, job_id: int) -> dict[str, object]:
    q = s.query
    return {
        "state": q(f"SELECT state FROM issuance_bulkjob WHERE id = {job_id}")[0][0],
        "counters": q(
            f"SELECT done_rows, failed_rows, skipped_rows FROM issuance_bulkjob WHERE id = {job_id}"
        )[0],
        "awards": q("SELECT COUNT(*) FROM issuance_award")[0][0],
        "issued": q(
            "SELECT COUNT(*) FROM issuance_award WHERE status = 'issued' "
            "AND credential_json IS NOT NULL"
        )[0][0],
        "events": q("SELECT COUNT(DISTINCT source_event) FROM issuance_award")[0][0],
        "indices": q(
            "SELECT COUNT(*) FROM (SELECT DISTINCT status_list_id, status_index "
            "FROM issuance_award WHERE status_index IS NOT NULL) AS d"
        )[0][0],
        "rows_done": q(
            f"SELECT COUNT(*) FROM issuance_bulkjobrow WHERE job_id = {job_id} "
            "AND state = 'done' AND award_id IS NOT NULL"
        )[0][0],
        "row_awards": q(
            f"SELECT COUNT(DISTINCT award_id) FROM issuance_bulkjobrow WHERE job_id = {job_id}"
        )[0][0],
    }


def test_a_killed_worker_and_a_fresh_one_issue_every_row_exactly_once(tmp_path):
    s = Scenario(
        tmp_path,
        {
            "CREDSTACK_BULK_CHUNK_SIZE": "20",
            "CREDSTACK_BULK_CLAIM_LEASE_SECONDS": str(LEASE),
            "CREDSTACK_BULK_PARALLEL_TASKS": "1",
        },
    )
    worker_args = (
        "db_worker",
        "--queue-name",
        "bulk",
        "--interval",
        "0.1",
        "--no-startup-delay",
        "--no-reload",
        "-v0",
    )
    try:
        job_id = s.setup(ROWS, confirm=True)
        first = s.start(*worker_args)

        def in_flight() -> bool:
            done = s.query(f"SELECT done_rows FROM issuance_bulkjob WHERE id = {job_id}")[0][0]
            claimed = s.query(
                f"SELECT COUNT(*) FROM issuance_bulkjobrow WHERE job_id = {job_id} "
                "AND state = 'claimed'"
            )[0][0]
            return done >= 40 and claimed > 0

        # Freeze the worker the moment a chunk is seen in flight, and kill it only if a chunk
        # is still claimed while it is frozen (a chunk of 20 is stored in milliseconds, so an
        # unfrozen check could be stale by the time the signal lands).
        for _attempt in range(50):
            wait_for(in_flight)
            first.send_signal(signal.SIGSTOP)
            if in_flight():
                break
            first.send_signal(signal.SIGCONT)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        at_kill = outcome(s, job_id)
        assert at_kill["state"] == "running" and at_kill["awards"] < ROWS
        claimed = s.query(
            f"SELECT COUNT(*) FROM issuance_bulkjobrow WHERE job_id = {job_id} AND state = 'claimed'"
        )[0][0]
        assert claimed > 0, "the kill should land while a chunk is claimed"

        time.sleep(LEASE + 0.5)
        assert "restarted 1" in s.credstack("bulk_recover")
        s.credstack(*worker_args, "--batch", timeout=180)

        final = outcome(s, job_id)
        assert final["state"] == "done"
        assert final["counters"] == (ROWS, 0, 0)
        assert final["awards"] == final["issued"] == final["events"] == ROWS
        assert final["indices"] == ROWS
        assert final["rows_done"] == final["row_awards"] == ROWS
    finally:
        s.drop()
