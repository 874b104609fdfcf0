"""Plan text is Markdown from users: it may format, it may not look like the portal."""

from __future__ import annotations

import re

import pytest

from plans.rendering import render_markdown


@pytest.mark.parametrize(
    "source",
    [
        '<div class="alert alert-success">Uw wachtwoord is verlopen</div>',
        '<a class="button" href="https://example.nl">Opnieuw inloggen</a>',
        '<p style="position:fixed;top:0">Melding</p>',
        '<sup id="messages">1</sup>',
        '<li id="main">punt</li>',
    ],
)
def test_user_content_carries_no_class_style_or_own_id(source):
    html = render_markdown(source)
    assert "class=" not in html and "style=" not in html
    assert not re.search(r'id="(?!md-)', html), html


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example/x",
        "http://example.nl/onversleuteld",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "/VO0001/plannen/",
        "data:text/html,hoi",
    ],
)
def test_links_other_than_https_mailto_and_in_document_lose_their_target(href):
    html = render_markdown(f"[klik]({href})")
    assert "href" not in html and "klik" in html


@pytest.mark.parametrize(
    "href", ["https://www.passendonderwijs.nl/", "mailto:info@example.nl", "#hoofdstuk-2"]
)
def test_https_mailto_and_in_document_links_stay(href):
    assert f'href="{href}"' in render_markdown(f"[klik]({href})")


def test_footnotes_keep_working_with_prefixed_ids_and_a_dutch_back_link():
    html = str(render_markdown("Tekst[^1].\n\n[^1]: De noot."))
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert ids and ids == targets
    assert all(value.startswith("md-") for value in ids)
    assert "Jump back" not in html and "Terug naar" in html
