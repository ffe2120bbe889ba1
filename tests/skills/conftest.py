"""Skills fixtures: a small framework (two domains, capabilities, skills, a 5-level scale) and a
draft credential at the cast's organisation."""

from __future__ import annotations

import pytest

from credstack.accounts.models import Organisation, User
from credstack.catalog.models import MicroCredential
from credstack.skills import services
from credstack.skills.models import Framework

from .factories import ESCO_URI, make_credential


@pytest.fixture
def designer(cast: dict[str, User]) -> User:
    return cast["designer"]


@pytest.fixture
def framework(org: Organisation, designer: User) -> Framework:
    fw = services.create_framework(org, designer, title="Northbridge Test Framework", version="1.0")
    for rank, name in enumerate(
        ["Foundation", "Developing", "Proficient", "Advanced", "Expert"], 1
    ):
        services.create_level(fw, designer, rank=rank, name=name)
    da = services.create_item(fw, designer, code="DA", title="Data & Analytics", kind="domain")
    da1 = services.create_item(
        fw, designer, code="DA.1", title="Data preparation", kind="capability", parent=da
    )
    services.create_item(fw, designer, code="DA.1.1", title="Clean tabular data", parent=da1)
    services.create_item(fw, designer, code="DA.1.2", title="Join data sets", parent=da1)
    se = services.create_item(fw, designer, code="SE", title="Software Engineering", kind="domain")
    se1 = services.create_item(
        fw, designer, code="SE.1", title="Testing", kind="capability", parent=se
    )
    services.create_item(
        fw, designer, code="SE.1.1", title="Write unit tests", parent=se1, uri=ESCO_URI
    )
    return fw


@pytest.fixture
def credential(org: Organisation) -> MicroCredential:
    return make_credential(org)
