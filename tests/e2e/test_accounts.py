"""The accounts journey in a real browser: sign up, log out, log in, reset a password by email."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest


def _e2e_helpers():  # type: ignore[no-untyped-def]
    # Load tests/e2e/conftest.py by path: "import conftest" is whichever conftest pytest loaded
    # last, which depends on what else is collected in the run.
    spec = importlib.util.spec_from_file_location(
        "e2e_helpers", Path(__file__).with_name("conftest.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
login, screenshot = _helpers.login, _helpers.screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unusual passphrase"


def test_a_learner_signs_up_logs_out_logs_in_and_resets_their_password(page, phone_page):
    from credstack.accounts.models import OutboxMessage

    page.goto("/")
    screenshot(page, "home-desktop")
    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Your name").fill("Aisha Rahman")
    page.get_by_label("Username", exact=True).fill("aisha")
    page.get_by_label("Email").fill("aisha@example.net")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Welcome to credstack, Aisha Rahman").wait_for()

    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You have logged out.").wait_for()

    login(page, "aisha@example.net", PASSWORD)
    page.get_by_role("link", name="Aisha Rahman").click()
    page.get_by_role("heading", name="Your profile").wait_for()
    page.get_by_label("Let other learners in my cohorts see my name").check()
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    screenshot(page, "profile-desktop")

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("aisha@example.net")
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    message = OutboxMessage.objects.get(to="aisha@example.net", category="password_reset")
    link = re.search(r"https?://\S+(/accounts/password/reset/\S+/)", message.body_text)
    assert link, message.body_text
    page.goto(link.group(1))
    page.get_by_label("New password", exact=True).fill("an even longer passphrase")
    page.get_by_label("New password confirmation").fill("an even longer passphrase")
    page.get_by_role("button", name="Save password").click()
    page.get_by_role("heading", name="Your password is saved").wait_for()

    login(page, "aisha", "an even longer passphrase")
    page.get_by_role("button", name="Log out").wait_for()

    phone_page.goto("/")
    screenshot(phone_page, "home-phone")
    login(phone_page, "aisha", "an even longer passphrase")
    phone_page.goto("/accounts/profile/")
    screenshot(phone_page, "profile-phone")
    # On a phone the menu collapses behind a button that opens it.
    toggle = phone_page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    phone_page.get_by_role("button", name="Log out").wait_for()
    screenshot(phone_page, "menu-phone")


def test_the_skip_link_is_the_first_thing_keyboard_users_reach(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_staff_see_their_menu_and_the_organisation_page(page):
    from credstack.accounts.models import Membership, Organisation, Role, User

    org = Organisation.objects.create(
        name="Northbridge Institute of Technology", slug="northbridge"
    )
    admin = User.objects.create_user(
        "admin", "admin@example.org", PASSWORD, display_name="Amara Okafor"
    )
    Membership.objects.create(user=admin, organisation=org, role=Role.ADMINISTRATOR)
    login(page, "admin", PASSWORD)
    page.get_by_role("link", name="Organisation").click()
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Name (optional)").fill("Priya Raman")
    page.get_by_label("Role", exact=True).select_option("assessor")
    page.get_by_role("button", name="Add member").click()
    page.get_by_text("is now Assessor; we emailed them").wait_for()
    screenshot(page, "organisation-desktop")
    page.get_by_role("link", name="Audit log", exact=True).click()
    page.get_by_text("accounts.membership.created").first.wait_for()
    screenshot(page, "audit-log-desktop")
