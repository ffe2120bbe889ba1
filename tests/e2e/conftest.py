"""Browser tests: Playwright driving Debian's Chromium against the live test server.

They run when /usr/bin/chromium exists and are skipped with a printed reason when it does not
(``playwright install`` cannot download browsers on these machines). Screenshots of the pages
we build go to docs/screenshots/ so people can see them without running anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CREDSTACK_CHROMIUM", "/usr/bin/chromium"))
_ROOT = Path(__file__).resolve().parents[2]
# `make screenshots` refreshes the pictures in docs/; ordinary runs keep theirs in var/.
SCREENSHOTS = (
    _ROOT
    / ("docs" if os.environ.get("CREDSTACK_SCREENSHOTS_TO_DOCS") == "1" else "var")
    / "screenshots"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# The live server runs in a thread while Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
                    )
                )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser context (no cookies) on a desktop-sized page; ``page.base`` is the server URL."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()
    _events_written()


def _events_written() -> None:
    """Write the test's pending verification events now, on this thread, and wait for a write
    the batch's timer thread has begun: a late write from that thread's own connection to the
    shared in-memory SQLite test database would lock tables under the next test's set-up
    ("database table is locked")."""
    from credstack.verification.services.events import batch

    batch.flush()


@pytest.fixture
def phone_page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page the size of a phone, to check layouts work on small screens."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, is_mobile=True
    )
    pg = context.new_page()
    yield pg
    context.close()
    _events_written()


# Pictures written to docs/ are committed, so each is kept under this size.
DOCS_MAX_BYTES = 400_000


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot as <name>.png (docs/screenshots/ under `make screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SCREENSHOTS.parent.name == "docs" and path.stat().st_size > DOCS_MAX_BYTES:
        _shrink(path)
    return path


def _shrink(path: Path) -> None:
    """Quantize to a 256-colour palette (pages are flat colour, so text stays crisp), then scale
    down by a quarter at a time until the file fits: a long full-page shot can still be too big
    after quantizing."""
    from PIL import Image

    with Image.open(path) as original:
        image = original.convert("RGB")
    while True:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        if path.stat().st_size <= DOCS_MAX_BYTES or image.width <= 400:
            return
        image = image.resize(
            (image.width * 3 // 4, image.height * 3 // 4), Image.Resampling.LANCZOS
        )


def login(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # Wait for the redirect away from the form: a goto() racing the login POST lands signed out.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
