"""A designer browses the framework tree, aligns a credential to two skills with a proficiency,
and sees the coverage page change."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from credstack.accounts.models import Membership, Organisation, Role, User
from credstack.catalog.models import MicroCredential
from credstack.skills.models import Alignment
from credstack.web.demo import skills as demo_skills


def _e2e_helpers():  # type: ignore[no-untyped-def]
    # Loaded by path, as the other e2e tests do: "import conftest" depends on collection order.
    spec = importlib.util.spec_from_file_location(
        "e2e_helpers", Path(__file__).with_name("conftest.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
login, screenshot = _helpers.login, _helpers.screenshot
PASSWORD = "a long and unusual passphrase"

pytestmark = pytest.mark.django_db(transaction=True)


def _world() -> MicroCredential:
    from credstack.web.demo import DemoContext

    org = Organisation.objects.create(
        name="Northbridge Institute of Technology", slug="northbridge"
    )
    dana = User.objects.create_user("dana", "dana@example.org", PASSWORD)
    Membership.objects.create(user=dana, organisation=org, role=Role.DESIGNER)
    ctx = DemoContext(organisations={"northbridge": org}, users={"designer": dana})
    demo_skills.build(ctx)
    return MicroCredential.objects.create(
        organisation=org,
        code="data-201",
        slug="data-201",
        title="Applied Statistics for Decision Making",
        short_description="Test business hypotheses with real data.",
        volume_hours=30,
    )


def test_a_designer_aligns_a_credential_and_sees_coverage_change(page):  # type: ignore[no-untyped-def]
    credential = _world()
    login(page, "dana", PASSWORD)

    page.goto("/skills/")
    page.get_by_role("link", name="Northbridge Digital Capability Framework").click()
    tree = page.get_by_role("list", name="Northbridge Digital Capability Framework items")
    assert tree.get_by_text("Applied statistical analysis").is_visible()
    assert tree.get_by_text("Cyber Security").is_visible()
    screenshot(page, "skills-framework-tree")

    page.get_by_role("link", name="Coverage by credentials").click()
    assert page.locator("#kpi-covered").inner_text() == "0"
    coverage_url = page.url

    page.goto(f"/skills/credentials/{credential.pk}/alignments/")
    page.get_by_label("Search items").fill("statistic")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Proficiency for DA.2.1").select_option(label="3. Proficient")
    page.get_by_role("button", name="Align DA.2.1").click()
    assert page.get_by_role("status").get_by_text("Aligned to DA.2.1").is_visible()

    page.get_by_label("Search items").fill("hypothesis")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Proficiency for DA.2.2").select_option(label="2. Developing")
    page.get_by_role("button", name="Align DA.2.2").click()
    table = page.locator("#alignments")
    assert table.get_by_text("Applied statistical analysis").is_visible()
    assert table.get_by_text("2. Developing").is_visible()
    screenshot(page, "skills-credential-alignments")

    levels = dict(Alignment.objects.values_list("item__code", "proficiency__name"))
    assert levels == {"DA.2.1": "Proficient", "DA.2.2": "Developing"}

    page.goto(coverage_url)
    # Two skills, plus their capability and domain, are now covered.
    assert page.locator("#kpi-covered").inner_text() == "4"
    screenshot(page, "skills-coverage")


def test_the_public_framework_page_reads_well_on_a_phone(phone_page):  # type: ignore[no-untyped-def]
    _world()
    phone_page.goto("/skills/public/northbridge-digital-capability/1.0/")
    assert phone_page.get_by_role("heading", name="Proficiency scale").is_visible()
    screenshot(phone_page, "skills-public-framework-phone")
