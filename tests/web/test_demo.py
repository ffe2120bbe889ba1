from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from credstack.accounts.models import Membership, Organisation, Role, User
from credstack.web import demo


@pytest.fixture(autouse=True)
def _only_the_accounts_builder(monkeypatch):
    # These tests are about the orchestrator and the accounts builder; other apps test theirs.
    monkeypatch.setattr(demo, "BUILDERS", ["accounts"])


def test_load_demo_creates_northbridge_with_one_person_per_role_and_prints_the_logins(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    northbridge = Organisation.objects.get(slug="northbridge")
    assert northbridge.name == "Northbridge Institute of Technology"
    held = set(Membership.objects.filter(organisation=northbridge).values_list("role", flat=True))
    assert held == {r.value for r in Role}
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"institution", "industry_partner", "professional_body"}
    for username in [
        "admin",
        "designer",
        "assessor",
        "industry-assessor",
        "qa",
        "issuer",
        "facilitator",
        "analyst",
        "learner1",
    ]:
        assert f" {username} " in out
        assert User.objects.get(username=username).check_password(demo.DEMO_PASSWORD)
    assert demo.DEMO_PASSWORD in out


def test_if_empty_does_nothing_the_second_time_and_without_it_the_command_refuses(db, capsys):
    call_command("load_demo", "--if-empty")
    count = User.objects.count()
    call_command("load_demo", "--if-empty")
    out = capsys.readouterr().out
    assert "already loaded" in out
    # `make run` runs this every time, so the second run still tells people how to log in.
    assert " qa " in out and " learner1 " in out and demo.DEMO_PASSWORD in out
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_demo")
    assert User.objects.count() == count


def test_a_failing_builder_leaves_nothing_behind(db, monkeypatch):
    import sys
    import types

    broken = types.ModuleType("credstack.web.demo.broken")

    def build(ctx):
        assert "northbridge" in ctx.organisations  # later builders see earlier work
        raise RuntimeError("builder failed")

    broken.build = build
    monkeypatch.setitem(sys.modules, "credstack.web.demo.broken", broken)
    with pytest.raises(RuntimeError):
        demo.load(["accounts", "broken"])
    assert Organisation.objects.count() == 0 and User.objects.count() == 0


def test_the_shipped_builders_list_starts_with_accounts(monkeypatch):
    monkeypatch.undo()
    assert demo.BUILDERS[0] == "accounts"
