"""Benchmark: the public catalogue and the pathway analysis, 100 vs 10,000 credentials.

Run: ``.venv/bin/python bench/bench_catalog.py`` (``make bench``). Uses a throw-away SQLite
database in a temporary directory. It builds a realistic constellation (levels, skills
alignments, stacks of five, prerequisites, pathways, tags, outcomes) of 100 credentials,
measures the catalogue (first page, a text search, a skill filter) and the pathway analysis
page with its SVG map, then grows the constellation to 10,000 credentials and measures the
same pages again. Every page reads a fixed number of queries; the catalogue pages, which
paginate, should cost about the same, while the analysis, which must look at every credential,
grows with the catalogue but stays in bulk queries.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _django import setup  # noqa: E402

setup("catalog")

from _report import write_section  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from credstack.accounts.models import Membership, Organisation, Role, User  # noqa: E402
from credstack.catalog.models import (  # noqa: E402
    AssessmentCriterion,
    LearningOutcome,
    Level,
    LevelScale,
    MicroCredential,
    Pathway,
    Stack,
    StackMember,
    Tag,
)
from credstack.skills.models import Alignment, Framework, FrameworkItem  # noqa: E402

SMALL, LARGE = 100, int(os.environ.get("BENCH_CATALOG_CREDENTIALS", "10000"))
SKILLS = 300
REPEATS = 7
rng = random.Random(20261129)
WORDS = [
    "data",
    "python",
    "security",
    "leadership",
    "cloud",
    "safety",
    "design",
    "finance",
    "ethics",
    "agile",
]


def setup_world() -> tuple[Organisation, list[FrameworkItem], list[Level], list[Tag]]:
    org = Organisation.objects.create(name="Bench Institute", slug="bench")
    designer = User.objects.create_user("designer", "d@example.org", "x")
    Membership.objects.create(user=designer, organisation=org, role=Role.DESIGNER)
    framework = Framework.objects.create(organisation=org, title="Bench skills", slug="bench")
    items = FrameworkItem.objects.bulk_create(
        FrameworkItem(framework=framework, code=f"S{i}", title=f"Skill {i} {WORDS[i % 10]}")
        for i in range(SKILLS)
    )
    scale = LevelScale.objects.create(name="EQF", slug="eqf")
    levels = Level.objects.bulk_create(
        Level(scale=scale, rank=r, name=f"Level {r}") for r in range(1, 9)
    )
    tags = Tag.objects.bulk_create(Tag(name=w.title(), slug=w) for w in WORDS)
    return org, items, levels, tags


def grow(
    org: Organisation,
    items: list[FrameworkItem],
    levels: list[Level],
    tags: list[Tag],
    start: int,
    stop: int,
) -> None:
    """Add credentials ``start..stop`` with outcomes, criteria, alignments, stacks and routes."""
    statuses = ["published"] * 8 + ["draft", "in_review"]
    credentials = MicroCredential.objects.bulk_create(
        MicroCredential(
            organisation=org,
            code=f"B-{i}",
            slug=f"b-{i}",
            title=f"{WORDS[i % 10].title()} practice {i}",
            short_description=f"Bench credential {i} about {WORDS[(i * 7) % 10]}.",
            volume_hours=5 + i % 90,
            level=levels[i % 8],
            price=(i % 4) * 50,
            delivery_mode=["online", "blended", "face_to_face"][i % 3],
            status=statuses[i % 10],
        )
        for i in range(start, stop)
    )
    outcomes = LearningOutcome.objects.bulk_create(
        LearningOutcome(
            credential=c,
            position=p,
            code=f"LO{p + 1}",
            text=f"Apply {WORDS[(c.pk + p) % 10]} in context {p}.",
        )
        for c in credentials
        for p in range(3)
    )
    criteria = AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(credential=o.credential, position=o.position, text=f"Shows {o.text}")
        for o in outcomes
    )
    AssessmentCriterion.outcomes.through.objects.bulk_create(
        AssessmentCriterion.outcomes.through(assessmentcriterion_id=c.pk, learningoutcome_id=o.pk)
        for c, o in zip(criteria, outcomes, strict=True)
    )
    Alignment.objects.bulk_create(
        Alignment(credential=c, item=item) for c in credentials for item in rng.sample(items, 3)
    )
    MicroCredential.tags.through.objects.bulk_create(
        MicroCredential.tags.through(microcredential_id=c.pk, tag_id=tags[c.pk % 10].pk)
        for c in credentials
    )
    stacks = Stack.objects.bulk_create(
        Stack(
            organisation=org,
            title=f"Stack {start + i}",
            slug=f"stack-{start + i}",
            award_title=f"Certificate {start + i}",
        )
        for i in range(0, len(credentials) * 6 // 10, 5)
    )
    StackMember.objects.bulk_create(
        StackMember(stack=stacks[i // 5], credential=c, position=i % 5)
        for i, c in enumerate(credentials[: len(stacks) * 5])
    )
    MicroCredential.prerequisites.through.objects.bulk_create(
        MicroCredential.prerequisites.through(
            from_microcredential_id=b.pk, to_microcredential_id=a.pk
        )
        for a, b in zip(credentials[::3], credentials[1::3], strict=False)
    )
    Pathway.objects.bulk_create(
        [
            Pathway(
                organisation=org,
                title=f"Credit {s.pk}",
                from_stack=s,
                external_award="MSc",
                credit_granted=30,
            )
            for s in stacks[::2]
        ]
        + [
            Pathway(
                organisation=org,
                title=f"Next {c.pk}",
                from_credential=c,
                to_credential=credentials[(i + 1) % len(credentials)],
            )
            for i, c in enumerate(credentials)
            if i % 5 == 4
        ]
    )


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm caches
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries)


PAGES = [
    ("catalogue, first page", "/catalogue/", False),
    ("catalogue, text search", "/catalogue/?q=python", False),
    ("catalogue, skill + level filter", "/catalogue/?skill={skill}&level={level}", False),
    ("pathway analysis with SVG map", "/catalogue/manage/analysis/", True),
]


def run() -> str:
    call_command("migrate", verbosity=0)
    org, items, levels, tags = setup_world()
    grow(org, items, levels, tags, 0, SMALL)
    visitor, designer = Client(), Client()
    designer.force_login(User.objects.get(username="designer"))
    fill = {"skill": items[1].pk, "level": levels[4].pk}
    small = {
        name: measure(designer if staff else visitor, url.format(**fill))
        for name, url, staff in PAGES
    }
    for start in range(SMALL, LARGE, 2000):
        grow(org, items, levels, tags, start, min(start + 2000, LARGE))
    large = {
        name: measure(designer if staff else visitor, url.format(**fill))
        for name, url, staff in PAGES
    }
    rows = [
        f"| {name} | {small[name][0]:.1f} | {small[name][1]} | {large[name][0]:.1f} | {large[name][1]} | {large[name][0] / small[name][0]:.1f}x |"
        for name, _, _ in PAGES
    ]
    return "\n".join(
        [
            f"Median of {REPEATS} requests through Django's test client (SQLite), {SMALL} vs {LARGE:,} credentials "
            f"(3 outcomes, 3 criteria, 3 skill alignments each; 60% in stacks of five; prerequisites and pathways).",
            "",
            f"| page | ms at {SMALL} | queries | ms at {LARGE:,} | queries | ratio |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "The query count does not grow with the catalogue. Catalogue pages paginate (20 a page), so their cost "
            "is the database's filtering and counting. The analysis reads the whole constellation in six bulk "
            "queries and works in memory (orphans, dead ends, cycles by Tarjan's algorithm, overlaps by a "
            "PPJoin similarity join over skills ordered rarest first), so it grows with the catalogue; its map "
            "draws the first 400 credentials. Uniformly random skills (as here) are the worst case for the "
            "similarity join's prefix filter; real catalogues, where a few skills are common and most are "
            "rare, prune far more pairs. Figures vary with machine load (this host is shared); compare the "
            "ratios within one run.",
        ]
    )


if __name__ == "__main__":
    body = run()
    print(body)
    write_section(
        "bench_catalog",
        "Catalogue and pathway analysis at 10,000 credentials",
        ".venv/bin/python bench/bench_catalog.py",
        body,
    )
