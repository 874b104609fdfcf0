"""Log into a running SWV Portaal and take full-page screenshots, as a user would see the pages.

Not part of the application; a developer tool. Runs outside the project's virtualenv, with
Playwright's Python package and the system Chromium (no ``playwright install`` needed)::

    python3.11 -m venv /opt/shotvenv && /opt/shotvenv/bin/pip install playwright
    apt-get install -y chromium

    /opt/shotvenv/bin/python tools/screenshots.py --base http://127.0.0.1:8011 \\
        --email bestuurder@refsvo.example --out /tmp/shots/bestuurder /VO0001/ /VO0001/scholen/

It saves ``login.png`` (the login page before logging in), ``login-2fa.png`` when the user has a
second factor, and one ``<path>.png`` per path. For every page it prints the HTTP status, console
errors and warnings (Content-Security-Policy violations show up there), uncaught JavaScript
errors, failed requests and responses with status >= 400. With ``--a11y`` it also prints a few
quick accessibility checks (unlabelled form fields, images without alt text, whether keyboard
focus is visible). Exit status: 0 when everything was clean, 1 when anything was reported, 2 when
logging in failed.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

A11Y_JS = """
() => {
  const out = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const text = (el) => (el.innerText || el.textContent || '').trim();
  const named = (el) => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title) return true;
    if (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) return true;
    return !!el.closest('label');
  };
  if (!document.documentElement.lang) out.push('<html> has no lang attribute');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) || !visible(el)) continue;
    if (!named(el)) out.push('form field without label: ' + el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll('img')) {
    if (!el.hasAttribute('alt')) out.push('image without alt: ' + el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll('a[href], button')) {
    if (!visible(el)) continue;
    if (!text(el) && !el.getAttribute('aria-label') && !el.title && !el.querySelector('img[alt]:not([alt=""])'))
      out.push('link/button without accessible name: ' + el.outerHTML.slice(0, 120));
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) out.push('page has ' + h1 + ' <h1> elements');
  return out;
}
"""

# The outline/box-shadow of the element that has keyboard focus.
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0
      ? cs.outlineWidth + ' ' + cs.outlineStyle + ' ' + cs.outlineColor : '',
    boxShadow: cs.boxShadow !== 'none' ? cs.boxShadow : '',
  };
}
"""


def slug(path: str) -> str:
    """File name for a URL path: ``/VO0001/scholen/?kind=opdc`` -> ``VO0001_scholen_kind-opdc``."""
    parts = urlsplit(path)
    name = "_".join(p for p in parts.path.split("/") if p) or "root"
    if parts.query:
        name += "_" + parts.query
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name.replace("=", "-")).strip("-") or "root"


class Recorder:
    """Collects what went wrong while one page loaded."""

    def __init__(self, page: Page, base: str):
        self.base_host = urlsplit(base).netloc
        self.problems: list[str] = []
        self.documents: set[str] = set()
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"JS error: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def reset(self) -> None:
        self.problems = []
        self.documents = set()

    def _console(self, msg) -> None:
        if msg.type in ("error", "warning", "assert"):
            loc = msg.location or {}
            if msg.text.startswith("Failed to load resource") and loc.get("url") in self.documents:
                return  # the page's own 4xx/5xx; the status is already in the page's header line
            where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
            self.problems.append(f"console.{msg.type}: {msg.text}{where}")

    def _request(self, request) -> None:
        if request.is_navigation_request():
            self.documents.add(request.url)

    def _failed(self, request) -> None:
        self.problems.append(
            f"request failed: {request.method} {request.url} -> {request.failure or 'unknown'}"
        )

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )


def settle(page: Page) -> None:
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=5000)


def shoot(page: Page, out: Path, name: str) -> Path:
    target = out / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def report(label: str, status, target: Path, problems: list[str]) -> None:
    print(f"\n== {label}  [HTTP {status}]  -> {target}")
    if not any(not line.startswith("a11y") for line in problems):
        print("   ok: no console errors, no failed requests")
    for line in problems:
        print("   " + line)


def totp_code(email: str, python: str, manage: str) -> str:
    result = subprocess.run(
        [python, manage, "totp_code", email],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(Path(manage).parent),
    )
    match = re.match(r"\s*(\d{6})\b", result.stdout)
    if result.returncode != 0 or not match:
        raise SystemExit(f"totp_code failed ({result.returncode}): {result.stdout}{result.stderr}")
    return match.group(1)


def has_code_field(page: Page) -> bool:
    return page.locator("input[name=code]").count() > 0


def login(page: Page, rec: Recorder, args, out: Path) -> bool:
    rec.reset()
    response = page.goto(urljoin(args.base, "/accounts/login/"))
    settle(page)
    report(
        "login page", response.status if response else "?", shoot(page, out, "login"), rec.problems
    )
    args.login_problems = list(rec.problems)
    if page.locator("input[name=login]").count() == 0:
        print(f"\nLOGIN FAILED: no login form at {page.url} (see login.png)")
        return False

    page.fill("input[name=login]", args.email)
    page.fill("input[name=password]", args.password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    settle(page)

    if has_code_field(page):
        rec.reset()
        report("second-factor page", "-", shoot(page, out, "login-2fa"), rec.problems)
        args.login_problems += rec.problems
        for attempt in range(2):
            page.fill("input[name=code]", totp_code(args.email, args.manage_python, args.manage))
            with page.expect_navigation():
                page.locator("form:has(input[name=code]) [type=submit]").first.click()
            settle(page)
            if not has_code_field(page):
                break
            # A code may be used only once; on a rerun within the same period wait for the next.
            if attempt == 0:
                wait = 31 - int(time.time()) % 30
                print(f"   code refused, retrying with the next code in {wait}s")
                time.sleep(wait)

    if "/accounts/login" in page.url or has_code_field(page):
        shoot(page, out, "login-failed")
        print(f"\nLOGIN FAILED for {args.email}; still at {page.url} (see login-failed.png)")
        return False
    print(f"\nlogged in as {args.email}; landed on {page.url}")
    return True


def audit(page: Page) -> list[str]:
    notes = [f"a11y: {line}" for line in page.evaluate(A11Y_JS)]
    # Called right after loading, so the first Tab starts at the top of the document.
    seen = []
    for _ in range(4):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_JS)
        if not info:
            continue
        style = info["outline"] or info["boxShadow"]
        seen.append(
            f"<{info['tag']}> {info['text']!r}: " + (style or "NO visible outline/box-shadow")
        )
    notes += [f"a11y focus: {s}" for s in seen]
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths", nargs="*", help="paths to screenshot after logging in, e.g. /VO0001/"
    )
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", default="demo-wachtwoord-2026")
    parser.add_argument("--out", default="shots", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--manage-python", default=str(PROJECT_DIR / ".venv/bin/python"))
    parser.add_argument("--manage", default=str(PROJECT_DIR / "manage.py"))
    parser.add_argument("--a11y", action="store_true", help="also print quick accessibility checks")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    dirty = False
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": args.width, "height": args.height},
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
        )
        page = context.new_page()
        rec = Recorder(page, args.base)
        try:
            if not login(page, rec, args, args.out):
                return 2
            dirty = bool(args.login_problems)
            for path in args.paths:
                rec.reset()
                try:
                    response = page.goto(urljoin(args.base, path))
                    settle(page)
                except PlaywrightError as exc:
                    print(f"\n== {path}  NAVIGATION FAILED: {exc}")
                    dirty = True
                    continue
                target = shoot(page, args.out, slug(path))
                problems = list(rec.problems)
                if args.a11y:
                    problems += audit(page)
                status = response.status if response else "?"
                report(f"{path}  (final URL {page.url})", status, target, problems)
                dirty = dirty or bool(rec.problems)
        finally:
            browser.close()
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main())
