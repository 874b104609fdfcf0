"""The PDF pipeline gives the same bytes for the same input, whichever font subsetter runs."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from swvportal.core.pdf import PdfMeta, render_to_pdf

META = PdfMeta(
    title="Proefdocument",
    author="RefSVO",
    created=timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30)),
)


@pytest.fixture
def fonttools_subsetter(monkeypatch):
    """As on a machine without libharfbuzz-subset0: WeasyPrint falls back to fontTools."""
    import weasyprint.pdf.fonts as fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)


def _render() -> bytes:
    return render_to_pdf("pdf/base.html", {}, meta=META)


def test_fonttools_subsetting_gives_the_same_bytes_a_minute_later(fonttools_subsetter, monkeypatch):
    from fontTools.misc import timeTools

    first = _render()
    later = timeTools.time.time() + 61
    monkeypatch.setattr(timeTools.time, "time", lambda: later)
    assert _render() == first


def test_rendering_leaves_the_environment_as_it_was(fonttools_subsetter, monkeypatch):
    import os

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _render()
    assert "SOURCE_DATE_EPOCH" not in os.environ
