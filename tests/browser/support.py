"""What every browser test needs: logging in as a user does, and the checks every page must pass.

The checks (``page_problems``) are the gate of issue #11: status 2xx, no console errors, one
``h1``, a Dutch title, axe-core without violations of WCAG 2.1 A and AA, and no sideways scrolling
at 320 px (WCAG 1.4.10). They return a list of problems instead of failing at the first one, so a
crawl reports every faulty page at once.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, Response

from swvportal.accounts.demo import DEMO_PASSWORD

DESKTOP = {"width": 1280, "height": 720}  # Playwright's default viewport
NARROW = {"width": 320, "height": 720}  # WCAG 1.4.10: 320 CSS px without scrolling sideways
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# The page's Content-Security-Policy rightly blocks an injected <script>; Axe.run injects the
# engine with page.evaluate (the DevTools protocol), which the CSP does not govern.
AXE = Axe()

# A title is "<what this page is> · [<SWV name> · ]SWV Portaal" (templates/base.html). Dutch means:
# the page names itself, and none of the English words that a third-party default template
# (Django, allauth) would put there.
TITLE_SUFFIX = "SWV Portaal"
ENGLISH_TITLE_WORDS = re.compile(
    r"\b(sign|password|change|reset|email|confirm|settings|error|"
    r"not found|forbidden|page|home|recovery|authenticat\w*|two-factor|the|your)\b",
    re.IGNORECASE,
)


def title_problem(title: str) -> str | None:
    """Why ``title`` is not a Dutch page title of the portal, or None when it is."""
    parts = [p.strip() for p in title.split(" · ")]
    if len(parts) < 2 or parts[-1] != TITLE_SUFFIX or not parts[0]:
        return f"title {title!r} is not '<pagina> · … · {TITLE_SUFFIX}'"
    if word := ENGLISH_TITLE_WORDS.search(parts[0]):
        return f"title {title!r} has the English word {word.group(0)!r}"
    return None


@dataclass
class Recorder:
    """Console errors, uncaught exceptions and failed sub-requests of one page, as they come."""

    problems: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)

    def attach(self, page: Page) -> Recorder:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"JavaScript error: {exc}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return self

    def take(self) -> list[str]:
        problems, self.problems, self.documents = self.problems, [], set()
        return problems

    def _console(self, msg) -> None:
        if msg.type not in ("error", "assert"):
            return
        location = msg.location or {}
        if msg.text.startswith("Failed to load resource") and location.get("url") in self.documents:
            return  # the page's own status, which the caller checks itself
        self.problems.append(f"console.{msg.type}: {msg.text} ({location.get('url')})")

    def _request(self, request) -> None:
        if request.is_navigation_request():
            self.documents.add(request.url)

    def _failed(self, request) -> None:
        if request.failure and "ERR_ABORTED" in request.failure and request.is_navigation_request():
            return  # a download, or a navigation that the next one replaced
        if request.failure and "ERR_ABORTED" in request.failure and "/favicon." in request.url:
            return  # the browser's icon fetch, cut off by the next page (a missing one: 404)
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and not response.request.is_navigation_request():
            request = response.request
            self.problems.append(f"HTTP {response.status}: {request.method} {response.url}")


def new_page(context: BrowserContext) -> tuple[Page, Recorder]:
    context.set_default_timeout(10_000)  # a page of this portal that needs longer is a fault
    page = context.new_page()
    return page, Recorder().attach(page)


def axe_violations(page: Page) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS).response
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results["violations"]
    ]


def scrolls_sideways(page: Page) -> str | None:
    """Why the page scrolls sideways (how far, and what sticks out), or None when it does not."""
    return page.evaluate(SIDEWAYS_JS)


# The outermost elements that reach past the right edge, so the message says what to mend.
SIDEWAYS_JS = """
() => {
  const root = document.scrollingElement;
  const over = root.scrollWidth - root.clientWidth;
  if (over <= 0) return null;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map((c) => '.' + c).join('');
  // Inside a scroll container, unless absolutely placed against something outside it.
  const clipped = (el) => {
    let free = getComputedStyle(el).position === 'absolute';
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' && !free) return true;
      if (style.position !== 'static') free = false;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(el));
  const outermost = wide.filter((el) => !wide.includes(el.parentElement));
  const names = outermost.map((el) => name(el.parentElement) + ' > ' + name(el));
  // A word or value too long for its box sticks out as text, not as an element.
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
  for (const el of document.body.querySelectorAll('*')) {
    if (ownText(el) && !clipped(el) && el.clientWidth && el.scrollWidth > el.clientWidth + 1)
      names.push(name(el) + ' (its text: ' + el.textContent.trim().slice(0, 30) + ')');
  }
  return over + ' px too wide: ' + [...new Set(names)].slice(0, 4).join(', ');
}
"""


def page_problems(page: Page, recorder: Recorder, status: int | None) -> list[str]:
    """Every gate check for the loaded page; resizes to 320 px and back for the reflow check."""
    problems = [] if status is not None and 200 <= status < 300 else [f"HTTP status {status}"]
    h1 = page.locator("h1").count()
    if h1 != 1:
        problems.append(f"{h1} h1 elements instead of 1")
    if problem := title_problem(page.title()):
        problems.append(problem)
    problems += axe_violations(page)
    page.set_viewport_size(NARROW)
    if sideways := scrolls_sideways(page):
        problems.append(f"scrolls sideways at 320 px, {sideways}")
    page.set_viewport_size(DESKTOP)
    return problems + recorder.take()


def exercise_filters(page: Page, recorder: Recorder) -> list[str]:
    """Change the first filter of a list page as a user does; htmx must swap the results in."""
    form = page.locator("form.filter-form[hx-get]")
    if form.count() == 0:
        return []
    target = form.get_attribute("hx-target") or "#resultaten"
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as answer:
        _change_first_field(form)
    response = answer.value
    problems = []
    if response.status != 200:
        problems.append(f"filter answered HTTP {response.status} ({response.url})")
    else:
        page.wait_for_function(
            "t => !document.querySelector(t).classList.contains('htmx-swapping')"
            " && !document.body.classList.contains('htmx-request')",
            arg=target,
        )
        if page.locator(target).count() != 1:
            problems.append(f"after filtering there is no single {target}")
        if page.locator("h1").count() != 1:
            problems.append("after filtering the page has no single h1 (whole page swapped in?)")
    return problems + [f"while filtering: {p}" for p in recorder.take()]


def _change_first_field(form) -> None:
    select = form.locator("select")
    if select.count():
        first = select.first
        values = first.locator("option").evaluate_all("os => os.map(o => o.value)")
        first.select_option(next((v for v in values if v), values[-1]))
        return
    field_ = form.locator("input:not([type=hidden]):not([type=submit])").first
    if field_.get_attribute("type") == "date":
        field_.fill("2026-10-01")
    else:
        field_.fill("a")
    field_.dispatch_event("change")


# --- Logging in through the real form ---------------------------------------------------------


def current_totp_code(user) -> str:
    """The code the user's authenticator app shows now (as in tests/test_auth.py)."""
    if 30 - int(time.time()) % 30 < 3:
        time.sleep(3)  # too close to the next period: the code could expire on its way
    device = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(device.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(page: Page, base_url: str, user, password: str = DEMO_PASSWORD) -> list[Response]:
    """Log in on the login page, with the second factor when the user has one.

    Returns the responses of the login pages, so a crawl can check them as pages too.
    """
    seen = [page.goto(f"{base_url}/accounts/login/")]
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if page.locator("input[name=code]").count():
        seen.append(None)  # the second-factor page, already loaded
        page.locator("input[name=code]").fill(current_totp_code(user))
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()
    assert "/accounts/" not in page.url, f"{user.email} could not log in: at {page.url}"
    return seen
