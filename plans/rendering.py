"""Plan texts are stored as Markdown and rendered to HTML that is sanitised on the way out."""

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
    "a": {"href", "title", "class"},
    "th": {"align", "scope"},
    "td": {"align"},
    "sup": {"id"},
    "li": {"id"},
    "div": {"class"},
}


def render_markdown(text: str) -> SafeString:
    """Markdown (tables, footnotes, links) → sanitised HTML. Headings start at level 3: the
    page already has the plan (h1) and the chapter (h2)."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "footnotes", "sane_lists"],
        output_format="html",
    )
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener noreferrer",
        url_schemes={"http", "https", "mailto"},
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
