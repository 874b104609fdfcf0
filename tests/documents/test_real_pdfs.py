"""The real builders, rendered as few times as possible (each render takes seconds)."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import document_issue

pypdf = pytest.importorskip("pypdf")


def test_an_adopted_plans_real_pdf_is_archived_and_comes_out_identical(
    world, plans, media, tmp_path
):
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    call_command("render_pdf", "osp", "--tenant", "VOA001", "--out", str(first))
    call_command(
        "render_pdf", "osp", "--tenant", "VOA001", "--version", "1.0", "--out", str(second)
    )
    content = first.read_bytes()
    with scopes_disabled():
        document = IssuedDocument.objects.get()
    assert document.archived and document.filename == "VOA001-ondersteuningsplan-1.0.pdf"
    assert second.read_bytes() == content
    assert hashlib.sha256(content).hexdigest() == document.sha256
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert plans.adopted.title in "".join(page.extract_text() for page in reader.pages[:2])


def test_a_real_monitoring_report_is_a_pdf_and_not_archived(world, media):
    with scope(tenant=world.tenant_a):
        document = document_issue(
            tenant=world.tenant_a, kind="monitoring", peildatum=datetime.date(2026, 10, 1)
        )
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-") and not document.archived
    assert document.filename == "VOA001-monitoring-2026-10-01.pdf"
    assert hashlib.sha256(content).hexdigest() == document.sha256
