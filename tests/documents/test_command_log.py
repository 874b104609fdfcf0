"""``manage.py render_pdf`` prints its one line, not WeasyPrint's log of every step and page."""

from __future__ import annotations

import logging

from django.core.management import call_command

QUIET = ("weasyprint", "fontTools")


def test_it_prints_no_info_log_of_weasyprint_or_fonttools(world, media, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)  # as verbose as LOG_LEVEL can make the root logger
    out = tmp_path / "monitoring.pdf"
    call_command(
        "render_pdf", "monitoring", "--tenant", "VOA001", "--peildatum", "2026-10-01",
        "--out", str(out),
    )  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF-")
    chatter = [
        r for r in caplog.records if r.name.startswith(QUIET) and r.levelno < logging.WARNING
    ]
    assert chatter == []
