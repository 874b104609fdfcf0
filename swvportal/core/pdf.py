"""One PDF pipeline for every document the portal issues (domain.md §10).

``render_to_pdf(template_name, context, meta=...)`` renders a Django template that extends
``pdf/base.html`` and turns it into a PDF with WeasyPrint, imported here and not at module level
(it is slow to import and only the worker needs it).

What every document gets:

* A4 print CSS (``static/pdf/print.css``) with a running header (the SWV's name and the document
  title) and footer ("pagina X van Y"), a table of contents whose page numbers come from
  ``target-counter()``, PDF bookmarks from the headings, table header rows repeated on every page
  and rows that do not split.
* Fonts from ``static/fonts`` (Liberation Sans, SIL Open Font License), embedded; nothing is
  fetched from outside the repository (``_fetch_local_only``).
* Metadata: title, author (the SWV), language ``nl``, and the creation date the caller gives.
* ``PDF_VARIANT`` = PDF/A-3a: archival PDF/A-3 at conformance level A, which WeasyPrint 70
  produces together with the structure tags a screen reader needs (a tagged PDF). PDF/UA-1 alone
  would give the tags without the archival guarantees; PDF/A-3b the reverse.
* Reproducible: the same input gives the same bytes. The creation date comes from the data (an
  adopted plan's date), and the file identifier is a hash of the HTML. Without libharfbuzz-subset
  WeasyPrint subsets fonts with fontTools, which stamps each font's ``head.modified`` with the
  current time unless ``SOURCE_DATE_EPOCH`` is set: it is set to the creation date while rendering.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/a-3a"
STATIC_DIR = Path(settings.BASE_DIR) / "static"


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str  # the SWV: it issues the document
    created: datetime.datetime  # from the data, so that the same input gives the same file
    subject: str = ""
    header: str = ""  # the running header's left part; the SWV's name when empty


@dataclass(frozen=True)
class TocEntry:
    """One line of ``pdf/_toc.html``: the heading's id, its text and its level (1 or 2)."""

    anchor: str
    title: str
    level: int = 1


def long_date(day: datetime.date) -> str:
    """ "1 oktober 2026": in Dutch, whatever language the caller has active."""
    from django.utils import formats, translation

    with translation.override("nl"):
        return formats.date_format(day, "j F Y")


@dataclass(frozen=True)
class PdfSource:
    """Everything needed to render one document: what a document builder returns.

    Builders: ``plans.pdf.osp_document(plan)`` and ``monitoring.pdf.monitoring_document(tenant,
    peildatum)``; later issues add the jaarplan and the budget the same way.
    """

    template_name: str
    context: dict[str, Any]
    meta: PdfMeta
    filename: str  # e.g. "VO0001-ondersteuningsplan-4.0.pdf"

    def html(self) -> str:
        return render_html(self.template_name, self.context, meta=self.meta)

    def render(self) -> bytes:
        return render_to_pdf(self.template_name, self.context, meta=self.meta)


def render_html(template_name: str, context: dict[str, Any], *, meta: PdfMeta) -> str:
    return render_to_string(template_name, {**context, "pdf": meta})


def render_to_pdf(template_name: str, context: dict[str, Any], *, meta: PdfMeta) -> bytes:
    """The PDF of ``template_name`` (which extends ``pdf/base.html``) as bytes."""
    return html_to_pdf(render_html(template_name, context, meta=meta), created=meta.created)


def html_to_pdf(html: str, *, created: datetime.datetime) -> bytes:
    import weasyprint  # slow to import; only needed here
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = weasyprint.HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_local_fetcher()
    )
    with _source_date_epoch(created):
        return document.write_pdf(
            font_config=fonts,
            pdf_variant=PDF_VARIANT,
            pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
        )


_ENVIRONMENT_LOCK = threading.Lock()  # the environment is per process; renders may be threads


@contextlib.contextmanager
def _source_date_epoch(created: datetime.datetime) -> Iterator[None]:
    """fontTools reads ``SOURCE_DATE_EPOCH`` when it saves a subset font."""
    with _ENVIRONMENT_LOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
        try:
            yield
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


def _local_fetcher():
    """Fonts, CSS and images come from ``static/`` only: a PDF never reaches the internet."""
    import weasyprint

    class LocalFetcher(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: Any = None):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if not url.startswith("file://") or STATIC_DIR.resolve() not in path.parents:
                raise ValueError(f"Alleen bestanden uit static/ mogen in een PDF: {url!r}.")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file"})
