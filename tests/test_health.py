"""/healthz and a broker outage: pages keep working, jobs wait instead of failing."""

from __future__ import annotations

import time

from django.urls import reverse
from django_scopes import scope

from swvportal.celery import app as celery_app
from swvportal.jobs.models import Job
from swvportal.jobs.services import job_start, jobs_sweep
from tests import jobkinds  # noqa: F401  (registers the test job kinds)


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_with_the_broker_down_says_so_within_two_seconds(client, db, broker_down):
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"healthz took {elapsed:.2f}s"
    assert response.status_code == 200
    # Only a word per component: no exception class, driver name or timing for an outsider.
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "niet bereikbaar"}


def test_healthz_with_the_database_down_answers_503_without_details(client, db, monkeypatch):
    from types import SimpleNamespace

    from django.db.utils import OperationalError

    from swvportal.core import health

    def refuse():
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed')

    monkeypatch.setattr(health, "connection", SimpleNamespace(cursor=refuse))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "niet bereikbaar"
    assert "OperationalError" not in response.content.decode()
    assert "5432" not in response.content.decode()


def test_pages_render_with_the_broker_down(world, login, broker_down):
    client = login(world.user("bestuurder"))
    assert client.get("/VOA001/").status_code == 200
    assert (
        client.get(reverse("tenancy:school_list", kwargs={"tenant_code": "VOA001"})).status_code
        == 200
    )


def test_a_job_started_during_an_outage_waits_and_runs_once_the_broker_is_back(
    world, broker_down, django_capture_on_commit_callbacks, settings
):
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            tenant=world.tenant_a, kind="test.count_schools", by=world.user("bestuurder")
        )
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.enqueued_at is None

    settings.JOBS_SWEEP_AFTER_SECONDS = 0
    assert jobs_sweep() == 0  # still down: the sweeper cannot queue it either
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED

    celery_app.conf.task_always_eager = True  # the broker is back (here: tasks run in-process)
    assert jobs_sweep() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1
    assert jobs_sweep() == 0  # and it ran exactly once
