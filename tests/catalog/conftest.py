"""Catalog fixtures: an EQF scale, a skills framework, and credentials built through services."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import Level, LevelScale, MicroCredential
from credstack.catalog.services import (
    CredentialInput,
    CriterionInput,
    OutcomeInput,
    approve,
    create_credential,
    ensure_default_checklist,
    publish,
    submit_for_review,
)
from credstack.skills.models import Alignment, Framework, FrameworkItem


@pytest.fixture
def eqf(db: Any) -> dict[int, Level]:
    scale = LevelScale.objects.create(name="European Qualifications Framework", slug="eqf")
    return {
        rank: Level.objects.create(scale=scale, rank=rank, name=f"Level {rank}")
        for rank in range(1, 9)
    }


@pytest.fixture
def skills(org: Organisation) -> dict[str, FrameworkItem]:
    framework = Framework.objects.create(organisation=org, title="Digital skills", slug="digital")
    domain = FrameworkItem.objects.create(
        framework=framework, kind="domain", code="D", title="Data"
    )
    return {
        "domain": domain,
        **{
            code: FrameworkItem.objects.create(
                framework=framework, parent=domain, code=code, title=title
            )
            for code, title in [
                ("PY", "Python programming"),
                ("SQL", "SQL querying"),
                ("VIZ", "Data visualisation"),
                ("STAT", "Statistics"),
            ]
        },
    }


def document(code: str = "DATA-101", **overrides: Any) -> CredentialInput:
    """A complete, well-aligned credential document."""
    values: dict[str, Any] = {
        "code": code,
        "title": f"Python for data analysis {code}",
        "short_description": "Load, clean and summarise tabular data with Python.",
        "volume_hours": 25,
        "credit_value": Decimal("2.5"),
        "outcomes": [
            OutcomeInput("Load and clean a tabular data set with pandas."),
            OutcomeInput("Summarise a data set with grouped statistics."),
        ],
        "criteria": [
            CriterionInput(
                "The notebook loads and cleans the supplied data.", outcome_positions=(0,)
            ),
            CriterionInput("The summary answers the business question.", outcome_positions=(1,)),
        ],
    }
    values.update(overrides)
    return CredentialInput(**values)


@pytest.fixture
def make_credential(cast: dict[str, User], org: Organisation) -> Callable[..., MicroCredential]:
    def build(code: str = "DATA-101", **overrides: Any) -> MicroCredential:
        return create_credential(cast["designer"], org, document(code, **overrides))

    return build


@pytest.fixture
def publish_credential(
    cast: dict[str, User], org: Organisation
) -> Callable[[MicroCredential], MicroCredential]:
    """Walk a draft through review and approval to published, as the real roles do."""
    checks = ensure_default_checklist(None, org)

    def run(credential: MicroCredential) -> MicroCredential:
        submit_for_review(cast["designer"], credential)
        answers = {str(c.pk): {"answer": "yes"} for c in checks}
        approve(cast["qa_manager"], credential, checklist=answers, waiver="Demo waiver")
        return publish(cast["qa_manager"], credential)

    return run


def align(credential: MicroCredential, *items: FrameworkItem) -> None:
    Alignment.objects.bulk_create(Alignment(credential=credential, item=i) for i in items)
