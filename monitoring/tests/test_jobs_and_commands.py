"""The dashboard job through a broker outage, the nightly beat task, and the two commands."""

from __future__ import annotations

import datetime
import json
import os
import time

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from monitoring import services
from monitoring.jobs import KIND, compute_start
from monitoring.models import Measurement
from monitoring.tasks import compute_indicators_nightly
from monitoring.tests.factories import adopted_plan
from referrals.tests.factories import make_absence
from swvportal.celery import app as celery_app
from swvportal.jobs.models import Job
from swvportal.jobs.services import jobs_sweep
from tests.conftest import broker_down, eager_tasks  # noqa: F401  (fixtures)

PEILDATUM = datetime.date(2026, 10, 1)


@pytest.fixture
def thuiszitters_a(world):
    adopted_plan(world.tenant_a, 2026)  # PEILDATUM lies in its period: it may be computed
    with scope(tenant=world.tenant_a):
        indicator = services.indicator_save(
            tenant=world.tenant_a,
            data={
                "pillar_number": 1,
                "text": "Aantal thuiszitters",
                "norm_text": "Dalende trend",
                "norm_kind": "trend",
                "norm_direction": "dalend",
                "frequency": "2x per jaar",
                "source": "berekend",
                "calculation": "thuiszitters",
                "unit": "aantal",
            },
        )
        for _ in range(6):
            make_absence(world.school_a1, kind="absoluut", start_date=datetime.date(2026, 9, 1))
    return indicator


def _snapshots(tenant) -> list[dict]:
    with scopes_disabled():
        rows = Measurement.objects.filter(tenant=tenant).order_by("pk").values()
        return [{k: v for k, v in row.items() if k != "job_id"} for row in rows]


def test_a_computation_asked_for_during_an_outage_runs_exactly_once_afterwards(
    world,
    thuiszitters_a,
    broker_down,  # noqa: F811  (the fixture imported above)
    django_capture_on_commit_callbacks,
    settings,
):
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        job = compute_start(tenant=world.tenant_a, peildatum=PEILDATUM)
        again = compute_start(tenant=world.tenant_a, peildatum=PEILDATUM)
    assert again.pk == job.pk  # asking twice while it waits does not queue a second one
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and not _snapshots(world.tenant_a)

    settings.JOBS_SWEEP_AFTER_SECONDS = 0
    celery_app.conf.task_always_eager = True  # the broker is back (tasks run in-process here)
    assert jobs_sweep() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1
    assert "1 indicatoren" in job.message and "peildatum=2026-10-01" in job.result_url
    first = _snapshots(world.tenant_a)
    assert [r["value"] for r in first if r["school_id"] is None] == [6]
    assert jobs_sweep() == 0 and _snapshots(world.tenant_a) == first


def test_running_the_job_twice_gives_identical_snapshots(world, thuiszitters_a):
    from swvportal.jobs.services import job_run

    with scopes_disabled():
        job = Job.objects.create(
            tenant=world.tenant_a, kind=KIND, params={"peildatum": "2026-10-01"}
        )
    with scope(tenant=world.tenant_a):
        job_run(job=job)
        first = _snapshots(world.tenant_a)
        job_run(job=job)
    assert first and _snapshots(world.tenant_a) == first


def test_the_nightly_task_computes_todays_provisional_state_for_every_tenant(
    world,
    thuiszitters_a,
    django_capture_on_commit_callbacks,
    eager_tasks,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        assert compute_indicators_nightly() == 2  # tenants A and B
    with scopes_disabled():
        jobs = Job.objects.filter(kind=KIND)
        assert {j.tenant_id for j in jobs} == {world.tenant_a.pk, world.tenant_b.pk}
        assert all(j.status == Job.Status.DONE for j in jobs)
        snapshot = Measurement.objects.get(tenant=world.tenant_a, school__isnull=True)
    assert snapshot.provisional and snapshot.value == 6


def test_on_a_peildatum_the_nightly_task_computes_the_official_figures(
    world,
    thuiszitters_a,
    django_capture_on_commit_callbacks,
    monkeypatch,
    eager_tasks,  # noqa: F811
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 10, 1))
    with django_capture_on_commit_callbacks(execute=True):
        compute_indicators_nightly()
    with scopes_disabled():
        snapshot = Measurement.objects.get(tenant=world.tenant_a, school__isnull=True)
    assert not snapshot.provisional and snapshot.peildatum == PEILDATUM


def test_compute_indicators_and_export_dashboard_on_the_command_line(
    world, thuiszitters_a, tmp_path, capsys
):
    call_command("compute_indicators", "--tenant", "voa001", "--peildatum", "2026-10-01")
    # One figure for the tenant and one for school A1, the only school with thuiszitters.
    assert "2 nieuwe of gewijzigde metingen" in capsys.readouterr().out
    call_command("compute_indicators", "--tenant", "VOA001", "--peildatum", "2026-10-01")
    assert "0 nieuwe of gewijzigde metingen, 2 ongewijzigd" in capsys.readouterr().out

    out = tmp_path / "dashboard.json"
    call_command("export_dashboard", "--tenant", "VOA001", "--peildatum", "2026-10-01",
                 "--format", "json", "--out", str(out))  # fmt: skip
    document = json.loads(out.read_text())
    assert document["peildatum"] == "2026-10-01"
    [row] = document["indicatoren"]
    assert row["kernindicator"] == "Aantal thuiszitters" and row["norm"] == "Dalende trend"
    assert (row["pijler"], row["waarde"], row["records"]) == (1, 6.0, 6)
    assert row["status"] == "geen gegevens"  # one peildatum: no trend yet
    assert set(row) >= {"doel", "status", "records", "gemeten_op"}

    xlsx = tmp_path / "dashboard.xlsx"
    call_command("export_dashboard", "--tenant", "VOA001", "--peildatum", "2026-10-01",
                 "--format", "xlsx", "--out", str(xlsx))  # fmt: skip
    rows = list(openpyxl.load_workbook(xlsx).active.values)
    assert rows[1][2] == "Aantal thuiszitters" and rows[1][4] == "6"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "XX9999"], "Onbekend samenwerkingsverband"),
        (["--tenant", "VOA001", "--peildatum", "1-10-2026"], "schrijf jjjj-mm-dd"),
        (["--tenant", "VOA001", "--peildatum", "2999-10-01"], "in de toekomst"),
    ],
)
def test_the_commands_say_in_dutch_what_is_wrong(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("compute_indicators", *args)
    with scopes_disabled():
        assert not Measurement.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: runs in CI's Redis pass"
)
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_computes_the_dashboard_through_redis(world, thuiszitters_a):
    from celery.contrib.testing.worker import start_worker

    assert not celery_app.conf.task_always_eager
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        with scope(tenant=world.tenant_a):
            job = compute_start(tenant=world.tenant_a, peildatum=PEILDATUM)
        deadline = time.monotonic() + 30
        with scopes_disabled():
            while time.monotonic() < deadline and not job.is_finished:
                time.sleep(0.2)
                job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert [r["value"] for r in _snapshots(world.tenant_a) if r["school_id"] is None] == [6]


def test_every_tenant_at_once_gives_the_same_snapshots_as_one_by_one(world, thuiszitters_a, capsys):
    with scope(tenant=world.tenant_b):
        services.indicator_save(
            tenant=world.tenant_b,
            data={
                "pillar_number": 1,
                "text": "Aantal thuiszitters",
                "norm_text": "Dalende trend",
                "norm_kind": "trend",
                "norm_direction": "dalend",
                "frequency": "2x per jaar",
                "source": "berekend",
                "calculation": "thuiszitters",
                "unit": "aantal",
            },
        )
        make_absence(world.school_b1, kind="absoluut", start_date=datetime.date(2026, 9, 1))
    call_command("compute_indicators", "--alle", "--peildatum", "2026-10-01")
    out = capsys.readouterr().out
    assert "VOA001 op 01-10-2026: 1 indicatoren, 2 nieuwe" in out
    assert "VOB001 op 01-10-2026: 1 indicatoren, 2 nieuwe" in out
    assert [r["value"] for r in _snapshots(world.tenant_a) if r["school_id"] is None] == [6]
    assert [r["value"] for r in _snapshots(world.tenant_b) if r["school_id"] is None] == [1]
    call_command("compute_indicators", "--tenant", "VOB001", "--peildatum", "2026-10-01")
    assert "0 nieuwe of gewijzigde metingen, 2 ongewijzigd" in capsys.readouterr().out
