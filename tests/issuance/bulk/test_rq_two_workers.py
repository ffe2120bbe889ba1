"""The same job code on a distributed queue: two RQ workers share one job's chunks.

``TASKS_BACKEND=django_tasks_rq.RQBackend`` against the Redis on 127.0.0.1:6379 (database 11,
whose ``rq:`` keys the test removes). Both ``credstack rqworker bulk`` processes are listening
before the job is confirmed, so each takes one of its two task chains; the rows' ``claimed_by``
shows both worked it. Skipped when Redis is not reachable.
"""

from __future__ import annotations

import signal
import socket
import time

import pytest

from .scenario import Scenario
from .test_crash_resume import outcome, wait_for

# One chunk per task (slice 0), so the chains' tasks pass through the queue chunk by chunk and
# a worker still busy with its first task (importing the job code) finds work when it is free;
# enough chunks that the other worker cannot have done them all by then.
ROWS = 1200
REDIS_DB = 11
# django-tasks-rq runs tasks through its own Job class; SimpleWorker skips a fork per task.
WORKER = (
    "rqworker",
    "bulk",
    "--worker-class",
    "rq.worker.SimpleWorker",
    "--job-class",
    "django_tasks_rq.backend.Job",
)


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not redis_up(), reason="no Redis server on 127.0.0.1:6379"),
]


def clear_rq_keys() -> None:
    import redis

    r = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    for key in r.scan_iter("rq:*"):
        r.delete(key)


def test_two_rq_workers_share_one_job_and_issue_each_row_once(tmp_path):
    clear_rq_keys()
    s = Scenario(
        tmp_path,
        {
            "TASKS_BACKEND": "django_tasks_rq.RQBackend",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "CREDSTACK_BULK_CHUNK_SIZE": "10",
            "CREDSTACK_BULK_PARALLEL_TASKS": "2",
            "CREDSTACK_BULK_TASK_SLICE_SECONDS": "0",
        },
    )
    workers = []
    try:
        job_id = s.setup(ROWS, confirm=False)
        import redis

        r = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
        workers = [s.start(*WORKER) for _ in range(2)]
        wait_for(lambda: r.scard("rq:workers") >= 2, timeout=90, every=0.2)
        s.confirm(job_id)
        wait_for(lambda: outcome(s, job_id)["state"] == "done", timeout=180, every=0.2)

        final = outcome(s, job_id)
        assert final["counters"] == (ROWS, 0, 0)
        assert final["awards"] == final["issued"] == final["events"] == ROWS
        assert final["indices"] == ROWS
        assert final["rows_done"] == final["row_awards"] == ROWS
        claimers = s.query(
            f"SELECT COUNT(DISTINCT claimed_by) FROM issuance_bulkjobrow WHERE job_id = {job_id}"
        )[0][0]
        assert claimers == 2, "both workers should have claimed chunks of the job"
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(15)
            except Exception:
                worker.kill()
        time.sleep(0.1)
        clear_rq_keys()
        s.drop()
