"""The demo builder: the Northbridge framework, its scale, the ESCO set, and the catalogue's
alignments to them when the whole demo loads."""

from __future__ import annotations

import pytest

from credstack.skills import services
from credstack.skills.models import Alignment, Framework
from credstack.web.demo import load


@pytest.mark.django_db
def test_the_demo_builds_the_framework_the_catalogue_aligns_to():
    # Only the builders this part depends on: the catalogue runs after skills and aligns to it.
    ctx = load(["accounts", "skills", "catalog"])
    framework = ctx.extra["skills_framework"]
    assert framework.title == "Northbridge Digital Capability Framework"
    assert framework.items.count() >= 40
    assert set(framework.items.filter(kind="domain").values_list("title", flat=True)) >= {
        "Data & Analytics",
        "Software Engineering",
        "Cyber Security",
        "Digital Collaboration",
        "Professional Practice",
    }
    assert framework.levels.count() == 5
    assert ctx.extra["skills"]["DA.2.1"].title == "Applied statistical analysis"
    esco = Framework.objects.get(slug="esco-digital-selection")
    assert esco.source == "esco" and all(
        i.uri.startswith("http://data.europa.eu/esco/skill/") for i in esco.items.all()
    )
    assert Alignment.objects.filter(item__framework=framework).count() >= 20
    report = services.coverage(framework)
    assert 0 < report.covered_count < len(report.items)
