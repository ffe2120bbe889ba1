"""Builders for skills tests (plain functions, imported by tests and the conftest)."""

from __future__ import annotations

from credstack.accounts.models import Organisation
from credstack.catalog.models import MicroCredential
from credstack.skills.models import Framework, FrameworkItem, ProficiencyLevel

ESCO_URI = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def make_credential(org: Organisation, code: str = "data-101", **extra: object) -> MicroCredential:
    return MicroCredential.objects.create(
        organisation=org,
        code=code,
        slug=code,
        title=extra.pop("title", f"Credential {code}"),  # type: ignore[arg-type]
        short_description="A short credential used in tests.",
        volume_hours=20,
        **extra,  # type: ignore[arg-type]
    )


def item(fw: Framework, code: str) -> FrameworkItem:
    return fw.items.get(code=code)


def level(fw: Framework, rank: int) -> ProficiencyLevel:
    return fw.levels.get(rank=rank)
