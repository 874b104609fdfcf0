"""``manage.py render_pdf``: through document_issue, so an adopted plan's file comes out again."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from swvportal.documents.models import IssuedDocument


def _render(*args: str) -> None:
    call_command("render_pdf", *args)


def test_it_writes_the_newest_adopted_version_and_archives_it(world, plans, stub, tmp_path):
    out = tmp_path / "plan.pdf"
    _render("osp", "--tenant", "voa001", "--out", str(out))
    with scopes_disabled():
        document = IssuedDocument.objects.get()
    assert document.subject == plans.adopted and document.archived  # 1.0, not the concept 1.1
    assert hashlib.sha256(out.read_bytes()).hexdigest() == document.sha256

    again = tmp_path / "again.pdf"
    _render("osp", "--tenant", "VOA001", "--version", "1.0", "--out", str(again))
    assert again.read_bytes() == out.read_bytes() and len(stub) == 1


def test_it_writes_a_named_concept_version_without_archiving(world, plans, stub, tmp_path):
    out = tmp_path / "concept.pdf"
    _render("osp", "--tenant", "VOA001", "--version", "1.1", "--out", str(out))
    with scopes_disabled():
        assert not IssuedDocument.objects.get().archived
    assert out.read_bytes().startswith(b"%PDF")


def test_without_an_adopted_version_it_takes_the_newest(world, stub, tmp_path):
    from plans.tests.factories import make_plan

    concept = make_plan(world.tenant_a)
    _render("osp", "--tenant", "VOA001", "--out", str(tmp_path / "x.pdf"))
    with scopes_disabled():
        assert IssuedDocument.objects.get().subject == concept


def test_the_monitoring_report_defaults_to_the_newest_peildatum_with_figures(world, stub, tmp_path):
    from django.utils import timezone

    from monitoring.models import Indicator, Measurement

    with scope(tenant=world.tenant_a):
        indicator = Indicator.objects.create(
            tenant=world.tenant_a,
            pillar_number=1,
            text="Thuiszitters",
            norm_text="Dalende trend",
            norm_kind="trend",
            norm_direction="dalend",
            frequency="2x per jaar",
            source="berekend",
            calculation="thuiszitters",
            unit="aantal",
        )
        for day, provisional in (
            (datetime.date(2025, 10, 1), False),
            (datetime.date(2026, 3, 1), False),
            (datetime.date(2026, 4, 1), True),  # the provisional state of a day: not a peildatum
        ):
            Measurement.objects.create(
                tenant=world.tenant_a,
                indicator=indicator,
                peildatum=day,
                provisional=provisional,
                value=3,
                status="op koers",
                computed_at=timezone.now(),
            )
    out = tmp_path / "dashboard.pdf"
    _render("monitoring", "--tenant", "VOA001", "--out", str(out))
    with scopes_disabled():
        assert IssuedDocument.objects.get().peildatum == datetime.date(2026, 3, 1)
    _render("monitoring", "--tenant", "VOA001", "--peildatum", "2025-10-01", "--out", str(out))
    with scopes_disabled():
        assert IssuedDocument.objects.first().peildatum == datetime.date(2025, 10, 1)


def test_the_monitoring_report_without_figures_is_of_today(world, stub, tmp_path):
    from django.utils import timezone

    _render("monitoring", "--tenant", "VOA001", "--out", str(tmp_path / "x.pdf"))
    with scopes_disabled():
        assert IssuedDocument.objects.get().peildatum == timezone.localdate()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["osp", "--tenant", "XX9999"], "Onbekend samenwerkingsverband"),
        (["osp", "--tenant", "VOA001", "--version", "9.9"], "Versie 9.9 van het"),
        (["osp", "--tenant", "VOA001", "--version", "vier"], "Ongeldige versie 'vier'"),
        (["osp", "--tenant", "VOA001", "--peildatum", "2026-10-01"], "hoort bij monitoring"),
        (["monitoring", "--tenant", "VOA001", "--peildatum", "1-10-2026"], "Ongeldige peildatum"),
        (["monitoring", "--tenant", "VOA001", "--peildatum", "2090-01-01"], "toekomst"),
        (["monitoring", "--tenant", "VOA001", "--peildatum", "1899-12-31"], "tussen 01-01-2000"),
        (["monitoring", "--tenant", "VOA001", "--version", "1.0"], "hoort bij osp"),
    ],
)
def test_bad_arguments_give_a_dutch_error_and_no_file(world, plans, stub, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        _render(*args, "--out", str(out))
    assert not out.exists() and stub == []


def test_a_tenant_without_a_plan_is_told_so(world, stub, tmp_path):
    with pytest.raises(CommandError, match="heeft nog geen ondersteuningsplan"):
        _render("osp", "--tenant", "VOA001", "--out", str(tmp_path / "x.pdf"))


def test_an_unwritable_out_file_is_a_dutch_error(world, plans, stub, tmp_path):
    with pytest.raises(CommandError, match="niet schrijven"):
        _render("osp", "--tenant", "VOA001", "--out", str(tmp_path / "geen-map" / "x.pdf"))
