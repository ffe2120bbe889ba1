"""The public catalogue: search and filters, the credential page, and bounded query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from credstack.catalog.models import MicroCredential, Offering, Stack, StackMember

from .conftest import align

LIST = "/catalogue/"


@pytest.fixture
def shelf(make_credential, publish_credential, eqf, skills, partner):
    python = publish_credential(
        make_credential(
            "DATA-101",
            title="Python for Data Analysis",
            level_id=eqf[5].pk,
            volume_hours=25,
            price=Decimal("0"),
            tags=["Programming"],
        )
    )
    align(python, skills["PY"])
    sql = publish_credential(
        make_credential(
            "DATA-110",
            title="SQL for Analysts",
            level_id=eqf[4].pk,
            volume_hours=10,
            price=Decimal("150"),
            delivery_mode="blended",
            partner_ids=[partner.pk],
            language="de",
            short_description="Query relational databases with joins and windows.",
        )
    )
    align(sql, skills["SQL"])
    draft = make_credential("DATA-999", title="Secret Python draft")
    align(draft, skills["PY"])
    return {"python": python, "sql": sql, "draft": draft}


def titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Python for Data Analysis", "SQL for Analysts"]),
        ("?q=python", ["Python for Data Analysis"]),
        ("?q=programming", ["Python for Data Analysis"]),  # a tag
        ("?q=grouped statistics", ["Python for Data Analysis", "SQL for Analysts"]),  # an outcome
        ("?skill={PY}", ["Python for Data Analysis"]),
        (
            "?skill={domain}",
            ["Python for Data Analysis", "SQL for Analysts"],
        ),  # a domain covers its skills
        ("?level={L4}", ["SQL for Analysts"]),
        ("?min_hours=20", ["Python for Data Analysis"]),
        ("?max_hours=12", ["SQL for Analysts"]),
        ("?mode=blended", ["SQL for Analysts"]),
        ("?price=free", ["Python for Data Analysis"]),
        ("?max_price=100", ["Python for Data Analysis"]),
        ("?partner={partner}", ["SQL for Analysts"]),
        ("?language=de", ["SQL for Analysts"]),
        (
            "?level=notanumber&max_price=-3&min_hours=%00",
            ["Python for Data Analysis", "SQL for Analysts"],
        ),
    ],
)
def test_the_catalogue_filters_published_credentials_from_the_query_string(
    client, shelf, skills, eqf, partner, query, expected
):
    url = LIST + query.format(
        PY=skills["PY"].pk, domain=skills["domain"].pk, L4=eqf[4].pk, partner=partner.pk
    )
    response = client.get(url)
    assert response.status_code == 200
    assert titles(response) == expected


def test_drafts_never_appear_in_the_public_catalogue(client, shelf):
    response = client.get(LIST + "?q=secret")
    assert titles(response) == []
    assert b"Secret Python draft" not in response.content


def test_the_credential_page_shows_what_a_learner_needs_and_sharing_tags(client, shelf, cast, org):
    python = shelf["python"]
    starts = timezone.localdate() + timedelta(days=30)
    offering = Offering.objects.create(
        credential=python,
        title="Spring cohort",
        starts_on=starts,
        ends_on=starts + timedelta(days=42),
        capacity=30,
        facilitator=cast["facilitator"],
    )
    stack = Stack.objects.create(
        organisation=org,
        title="Analytics",
        slug="analytics",
        award_title="Graduate Certificate in Applied Data Analytics",
    )
    StackMember.objects.create(stack=stack, credential=python)
    response = client.get(reverse("catalog:credential", args=[org.slug, python.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta property="og:title" content="Python for Data Analysis">' in html
    assert 'name="twitter:card"' in html
    for text in [
        "Load and clean a tabular data set",
        "25 hours",
        "European Qualifications Framework level 5",
        "Spring cohort",
        "30 places",
        "Graduate Certificate in Applied Data Analytics",
        "Python programming",
        "Free",
    ]:
        assert text in html, text
    enrol = reverse("learning:enrol_start", kwargs={"offering_id": offering.pk})
    assert f'href="{enrol}"' in html


def test_an_unpublished_credential_has_no_public_page(client, shelf, org):
    draft = shelf["draft"]
    response = client.get(reverse("catalog:credential", args=[org.slug, draft.slug]))
    assert response.status_code == 404


def _bulk(org, count: int) -> None:
    MicroCredential.objects.bulk_create(
        MicroCredential(
            organisation=org,
            code=f"BULK-{i}",
            slug=f"bulk-{i}",
            title=f"Bulk {i}",
            short_description="Bulk",
            volume_hours=10,
            status="published",
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [5, 50])
def test_the_catalogue_list_takes_a_fixed_number_of_queries(
    client, shelf, org, count, django_assert_max_num_queries
):
    _bulk(org, count)
    with django_assert_max_num_queries(10):
        response = client.get(LIST + "?q=bulk")
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [5, 50])
def test_the_credential_page_takes_a_fixed_number_of_queries(
    client, shelf, org, count, django_assert_max_num_queries
):
    _bulk(org, count)
    python = shelf["python"]
    stack = Stack.objects.create(organisation=org, title="All", slug="all", award_title="Award")
    StackMember.objects.bulk_create(
        StackMember(stack=stack, credential=c, position=i)
        for i, c in enumerate(MicroCredential.objects.all())
    )
    python.prerequisites.set(MicroCredential.objects.filter(code__startswith="BULK")[:count])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("catalog:credential", args=[org.slug, python.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_the_pathway_analysis_takes_a_fixed_number_of_queries(
    client_for, org, count, django_assert_max_num_queries
):
    _bulk(org, count)
    client: Client = client_for("designer")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("catalog:analysis"))
    assert response.status_code == 200
    assert len(response.context["found"].credentials) == count
