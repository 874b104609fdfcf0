"""Plan texts are stored as Markdown and rendered to HTML that is sanitised on the way out.

User content must not be able to look like the portal: no ``class``, ``style`` or ``id`` of its
own (a chapter could otherwise show a fake portal message or button to every role), and links only
to ``https:``, ``mailto:`` and places in the same document. A protocol-relative ``//host/x`` is
a relative URL to a sanitiser and would become ``file://host/x`` in the PDF, so every relative
URL but a fragment is dropped. The footnote ids come from the renderer and get the ``md-`` prefix,
so they can never match an id of the portal's own page.
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align", "scope"},
    "td": {"align"},
    "sup": {"id"},  # footnote references, prefixed below
    "li": {"id"},  # footnotes, prefixed below
}
ID_PREFIX = "md-"
FOOTNOTES = {"BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst"}


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Prefix every id, and the footnote links that point at them; other fragments (a chapter
    of the same document) stay as written."""
    if name == "id":
        return value if value.startswith(ID_PREFIX) else ID_PREFIX + value
    if name == "href" and value.startswith(("#fn:", "#fnref:")):
        return "#" + ID_PREFIX + value[1:]
    return value


def _relative_url(url: str) -> str | None:
    return url if url.startswith("#") else None


def render_markdown(text: str) -> SafeString:
    """Markdown (tables, footnotes, links) → sanitised HTML. Headings start at level 3: the
    page already has the plan (h1) and the chapter (h2)."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "footnotes", "sane_lists"],
        extension_configs={"footnotes": FOOTNOTES},
        output_format="html",
    )
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener noreferrer",
        url_schemes={"https", "mailto"},
        url_relative=_relative_url,
        attribute_filter=_attribute,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
