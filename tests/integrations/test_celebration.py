"""The celebration page counts shares through integrations and offers a completed stack's CLR."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from credstack.accounts.models import User
from credstack.catalog.models import MicroCredential, Stack
from credstack.integrations.models import ShareEvent
from credstack.integrations.services import issue_clr
from credstack.issuance.models import Award

pytestmark = pytest.mark.django_db


def _page(client: Client, award: Award, where: str) -> str:
    path = {
        "design": f"/design/awards/{award.credential_uuid}/",
        "claimed": f"/issuance/credentials/{award.credential_uuid}/",
    }[where]
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("where", ["design", "claimed"])
def test_the_earners_share_buttons_post_to_the_counted_share_endpoint(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    earner_client: Client,
    where: str,
) -> None:
    award = award_to(units[0], earner)
    html = _page(earner_client, award, where)
    action = f'action="/wallet/awards/{award.credential_uuid}/share"'
    assert html.count(action) == 3
    for channel in ("linkedin", "copy", "mailto"):
        assert f'name="channel" value="{channel}"' in html
    assert 'data-share-copy="public-link"' in html
    assert "https://www.linkedin.com/profile/add" not in html  # no uncounted link


def test_without_javascript_the_linkedin_button_is_counted_and_goes_to_linkedin(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    earner: User,
    earner_client: Client,
) -> None:
    award = award_to(units[0], earner)
    response = earner_client.post(
        f"/wallet/awards/{award.credential_uuid}/share", {"channel": "linkedin"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("https://www.linkedin.com/profile/add")
    assert list(ShareEvent.objects.values_list("award_id", "channel")) == [(award.pk, "linkedin")]


def test_a_completed_stack_offers_its_learner_record_then_its_download(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    earner_client: Client,
) -> None:
    award_to(units[0], earner)
    last = award_to(units[1], earner)
    html = _page(earner_client, last, "design")
    assert 'action="/wallet/clrs"' in html
    assert f'name="stack" value="{stack.pk}"' in html
    assert "Get your learner record for Certificate in Cyber Security Operations" in html
    clr, _ = issue_clr(earner, stack.pk)
    html = _page(earner_client, last, "claimed")
    assert f'href="/wallet/clrs/{clr.credential_uuid}.json"' in html
    assert 'action="/wallet/clrs"' not in html


def test_an_incomplete_stack_offers_no_learner_record(
    award_to: Callable[..., Award],
    units: list[MicroCredential],
    stack: Stack,
    earner: User,
    earner_client: Client,
) -> None:
    award = award_to(units[0], earner)
    html = _page(earner_client, award, "design")
    assert "/wallet/clrs" not in html and "learner record" not in html.lower()
