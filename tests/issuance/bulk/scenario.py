"""A real bulk job in its own database, worked by real worker processes (crash and RQ tests).

``python scenario.py setup N [--confirm]`` (run with scenario_settings) creates the tables,
an issuer, a product accepting CSV awards and a job of N rows, and prints the job id;
``confirm JOB`` confirms it. The tests start ``credstack db_worker`` or ``credstack rqworker``
processes against the same database and read the outcome with plain SQL.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


@dataclass
class Scenario:
    """One throw-away database (SQLite file, or a PostgreSQL database created and dropped)."""

    tmp: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    pg_url: str = ""
    db_name: str = ""

    def __post_init__(self) -> None:
        base = os.environ.get("DATABASE_URL", "")
        if base.startswith("postgres"):
            import psycopg

            self.db_name = f"credstack_bulk_{uuid.uuid4().hex[:10]}"
            self.pg_url = base.rsplit("/", 1)[0] + "/" + self.db_name
            # Create and drop through the maintenance database: the one DATABASE_URL names
            # need not exist (pytest-django only ever creates its test_ copy).
            with psycopg.connect(_maintenance_url(base), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.db_name}"')

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(HERE),
            "DJANGO_SETTINGS_MODULE": "scenario_settings",
            "CREDSTACK_DATA_DIR": str(self.tmp),
            "CREDSTACK_KEK": "k" * 40,
            "SECRET_KEY": "s" * 50,
            "CREDSTACK_BASE_URL": "https://credstack.test",
            "ALLOWED_HOSTS": "credstack.test,localhost",
            "CREDSTACK_FAST_PASSWORD_HASHER": "1",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "ERROR",
            **self.extra_env,
        }
        env.pop("DATABASE_URL", None)
        if self.pg_url:
            env["DATABASE_URL"] = self.pg_url
        return env

    def run(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [str(BIN / "python"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.tmp,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def credstack(self, *args: str, timeout: float = 120) -> str:
        return self.run(str(BIN / "credstack"), *args, timeout=timeout)

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [str(BIN / "credstack"), *args],
            env=self.env,
            cwd=self.tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def setup(self, rows: int, *, confirm: bool) -> int:
        out = self.run(str(HERE / "scenario.py"), "setup", str(rows), "1" if confirm else "0")
        return int(out.strip().splitlines()[-1])

    def confirm(self, job_id: int) -> None:
        self.run(str(HERE / "scenario.py"), "confirm", str(job_id))

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.pg_url:
            import psycopg

            with psycopg.connect(self.pg_url) as conn:
                return list(conn.execute(sql).fetchall())
        with sqlite3.connect(self.tmp / "credstack.sqlite3", timeout=30) as conn:
            return list(conn.execute(sql).fetchall())

    def drop(self) -> None:
        if self.pg_url:
            import psycopg

            with psycopg.connect(
                _maintenance_url(os.environ["DATABASE_URL"]), autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


def _setup(rows: int, confirm: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", run_syncdb=True, verbosity=0)
    from credstack.accounts.models import Membership, Organisation, Role, User
    from credstack.catalog.models import Lifecycle, MicroCredential
    from credstack.issuance.bulk.services import Upload, confirm_job, upload_csv
    from credstack.issuance.services import RuleInput, create_issuer_profile, save_release_rule

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
        status=Lifecycle.PUBLISHED,
        published_at=timezone.now(),
    )
    save_release_rule(user, credential, RuleInput(allowed_sources=["csv"], requires_approval=False))
    lines = ["name,email,result"] + [
        f"Learner {i},learner{i}@example.org,Pass" for i in range(rows)
    ]
    data = ("\n".join(lines) + "\n").encode()
    job = upload_csv(
        user,
        Upload(credential=credential, stream=io.BytesIO(data), size=len(data), notify=False),
    )
    if confirm:
        confirm_job(user, job.pk)
    print(job.pk)


def _confirm(job_id: int) -> None:
    import django

    django.setup()
    from credstack.accounts.models import User
    from credstack.issuance.bulk.services import confirm_job

    confirm_job(User.objects.get(username="issuer"), job_id)


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        _setup(int(sys.argv[2]), sys.argv[3] == "1")
    else:
        _confirm(int(sys.argv[2]))


def _maintenance_url(url: str) -> str:
    """The same server's ``postgres`` database, which always exists."""
    return url.rsplit("/", 1)[0] + "/postgres"
