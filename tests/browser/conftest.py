"""Browser tests: Playwright (pytest-playwright) on the system Chromium against the live server.

Never a downloaded browser: ``/usr/bin/chromium`` with the launch arguments of
``tools/screenshots.py``. Without it the tests are skipped with a loud reason on a developer's
machine, and fail in CI (``CI=true``), where ``.ci/run`` installs it.

The Playwright fixtures of pytest-playwright are narrowed to this package: Playwright's sync API
keeps an asyncio loop running in the main thread, and Django refuses database calls while one
runs. ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set only while this package's tests run, and the loop is
stopped before the rest of the suite continues.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled
from playwright.sync_api import BrowserContext, Page, sync_playwright

from swvportal.accounts.models import Role, User
from swvportal.tenancy.models import Tenant
from tests.browser.support import log_in, new_page
from tests.conftest import eager_tasks  # noqa: F401  (fixture: jobs run in-process)
from tools.screenshots import CHROMIUM_ARGS  # one set of launch arguments for every look

CHROMIUM = Path("/usr/bin/chromium")
NO_BROWSER = (
    f"no Chromium at {CHROMIUM}. Install it with `apt-get install -y chromium` "
    "(CI does, and fails without it)."
)
_skipped_for_no_browser: list[str] = []

# The demo's users (swvportal/accounts/demo.py), one per role.
DEMO_EMAILS = {
    Role.BESTUURDER: "bestuurder@refsvo.example",
    Role.LOKET: "loket@refsvo.example",
    Role.DESKUNDIGE: "deskundige@refsvo.example",
    Role.ZORGCOORDINATOR: "zorg@refsvo.example",
    Role.TOEZICHT: "opr@refsvo.example",
    Role.INSPECTIE: "inspectie@refsvo.example",
}


def pytest_terminal_summary(terminalreporter) -> None:
    if _skipped_for_no_browser:
        terminalreporter.section("browser tests", sep="!", red=True, bold=True)
        terminalreporter.line(f"BROWSER TESTS SKIPPED: {NO_BROWSER}", red=True, bold=True)


@pytest.fixture(scope="package")
def browser_type_launch_args(pytestconfig) -> dict:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"BROWSER TESTS FAILED (CI=true): {NO_BROWSER}", pytrace=False)
        _skipped_for_no_browser.append(NO_BROWSER)
        pytest.skip(f"BROWSER TESTS SKIPPED: {NO_BROWSER}")
    headed = pytestconfig.getoption("--headed")
    args = [a for a in CHROMIUM_ARGS if not (headed and a == "--headless")]
    return {"executable_path": str(CHROMIUM), "args": args, "headless": not headed}


@pytest.fixture(scope="package")
def playwright(browser_type_launch_args) -> Iterator:
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    yield pw
    pw.stop()
    if old is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(scope="package")
def browser_type(playwright):
    return playwright.chromium


@pytest.fixture(scope="package")
def launch_browser(browser_type, browser_type_launch_args):
    return lambda **kwargs: browser_type.launch(**{**browser_type_launch_args, **kwargs})


@pytest.fixture(scope="package")
def browser(launch_browser) -> Iterator:
    """One browser for all browser tests; each test opens its own contexts (one per role)."""
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(live_server) -> dict:
    return {
        "base_url": live_server.url,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "accept_downloads": True,
    }


@dataclass
class Demo:
    """The RefSVO demo tenant as ``make demo`` seeds it, and its users per role."""

    tenant: Tenant
    users: dict[str, User]


@pytest.fixture
def demo(transactional_db, settings, tmp_path) -> Demo:
    settings.MEDIA_ROOT = tmp_path / "media"  # issued PDFs never land in var/media
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        tenant = Tenant.objects.get(code="VO0001")
    users = {role: User.objects.get(email=email) for role, email in DEMO_EMAILS.items()}
    return Demo(tenant, users)


@pytest.fixture
def tenant_scope(demo):
    """``with tenant_scope():`` reads or writes the demo tenant's data from the test."""
    return lambda: scope(tenant=demo.tenant)


@pytest.fixture
def as_role(demo, live_server, new_context):
    """``as_role(role) -> (page, recorder)``: a fresh context, logged in through the login form."""

    def _as(role: str) -> tuple[Page, object]:
        context: BrowserContext = new_context()
        page, recorder = new_page(context)
        log_in(page, live_server.url, demo.users[role])
        recorder.take()
        return page, recorder

    return _as
