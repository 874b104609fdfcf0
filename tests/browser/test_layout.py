"""Layout on a phone and the focus ring: WCAG 1.4.10 (Reflow) and 1.4.11 (Non-text Contrast).

The crawl checks every page for sideways scrolling at 320 px; these tests check what the crawl
cannot see: how much of a phone's screen the header takes, that the folded menu opens without
JavaScript, and that the focus ring stands out on white and on the dark header alike.
"""

from __future__ import annotations

import re

import pytest

from swvportal.accounts.models import Role
from tests.browser.support import log_in, new_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours(css: str) -> list[tuple[int, int, int]]:
    """Every rgb()/rgba() colour in a computed style value, transparent ones left out."""
    found = []
    for match in re.finditer(r"rgba?\(([^)]*)\)", css):
        parts = [float(p) for p in re.split(r"[ ,/]+", match.group(1).strip())]
        if len(parts) == 4 and parts[3] == 0:
            continue
        found.append(tuple(int(p) for p in parts[:3]))
    return found


FOCUS_STYLE_JS = """
() => {
  const s = getComputedStyle(document.activeElement);
  return {outline: s.outlineStyle === 'none' ? '' : s.outlineColor + ' ' + s.outlineWidth,
          shadow: s.boxShadow === 'none' ? '' : s.boxShadow};
}
"""


def ring_colours(page) -> list[tuple[int, int, int]]:
    style = page.evaluate(FOCUS_STYLE_JS)
    return colours(style["outline"]) + colours(style["shadow"])


def test_the_menu_folds_away_on_a_phone_and_opens_without_javascript(
    demo, live_server, new_context
):
    context = new_context(viewport=PHONE, java_script_enabled=False)
    page, _ = new_page(context)
    log_in(page, live_server.url, demo.users[Role.TOEZICHT])  # a password-only role: no TOTP
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= PHONE["height"] / 4, f"the header takes {header['height']} px"
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert not menu.get_by_role("link", name="Dashboard").is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert menu.get_by_role("link", name="Dashboard").is_visible()
    assert page.get_by_role("button", name=re.compile("Uitloggen")).is_visible()


def test_the_menu_stays_open_on_a_desktop(demo, live_server, new_context):
    page, _ = new_page(new_context())
    log_in(page, live_server.url, demo.users[Role.TOEZICHT])
    assert not page.get_by_text("Menu", exact=True).is_visible()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="Dashboard").is_visible()


def test_the_focus_ring_has_3_to_1_contrast_on_white_and_on_the_header(
    demo, live_server, new_context
):
    page, _ = new_page(new_context())
    log_in(page, live_server.url, demo.users[Role.TOEZICHT])
    white = (255, 255, 255)
    header_bg = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    header = colours(header_bg)[0]
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the home link in the dark header
    assert page.evaluate("document.activeElement.closest('.site-header') !== null")
    on_header = ring_colours(page)
    assert max(contrast(c, header) for c in on_header) >= 3, on_header
    page.locator("main a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # a keyboard focus in the white content area
    on_white = ring_colours(page)
    assert on_white and max(contrast(c, white) for c in on_white) >= 3, on_white
