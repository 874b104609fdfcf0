"""Jobs: a row first, then the task; idempotent runs; the sweeper; progress on the page."""

from __future__ import annotations

import os
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from swvportal.jobs.models import Job
from swvportal.jobs.services import job_start, jobs_sweep
from swvportal.jobs.tasks import run_job
from tests import jobkinds


@pytest.fixture(autouse=True)
def _in_process(request):
    """Unit tests run tasks in-process; the real-worker test below goes through Redis."""
    if request.node.get_closest_marker("celery_worker") is None:
        request.getfixturevalue("eager_tasks")


def _start(world, kind="test.count_schools", capture=None):
    with scope(tenant=world.tenant_a), capture(execute=True):
        return job_start(tenant=world.tenant_a, kind=kind, by=world.user("bestuurder"))


def test_a_job_runs_in_its_tenant_and_records_the_outcome(
    world, django_capture_on_commit_callbacks
):
    job = _start(world, capture=django_capture_on_commit_callbacks)
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert job.params["count"] == 2  # tenant A's two schools, not B's
    assert job.result_url == "/VOA001/scholen/"
    assert job.started_at and job.finished_at and job.attempts == 1


def test_running_a_finished_job_again_changes_nothing(world, django_capture_on_commit_callbacks):
    job = _start(world, capture=django_capture_on_commit_callbacks)
    runs = len(jobkinds.RUNS)
    with scopes_disabled():
        before = Job.objects.values().get(pk=job.pk)
    run_job.apply(args=(job.pk,))  # a redelivered message
    with scopes_disabled():
        assert Job.objects.values().get(pk=job.pk) == before
    assert len(jobkinds.RUNS) == runs


def test_a_failing_job_shows_a_plain_dutch_error(world, django_capture_on_commit_callbacks):
    job = _start(world, kind="test.fails", capture=django_capture_on_commit_callbacks)
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "interne details" not in job.error
    assert job.error.startswith("Er ging iets mis")


def test_an_unknown_job_kind_is_refused(world):
    from django.core.exceptions import ValidationError

    with scope(tenant=world.tenant_a), pytest.raises(ValidationError):
        job_start(tenant=world.tenant_a, kind="bestaat.niet")


def test_the_sweeper_queues_jobs_that_never_started(world, settings):
    with scopes_disabled():
        job = Job.objects.create(tenant=world.tenant_a, kind="test.count_schools")
        Job.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - timezone.timedelta(hours=1)
        )
    assert jobs_sweep() == 1
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_the_sweeper_leaves_fresh_and_finished_jobs_alone(world):
    with scopes_disabled():
        Job.objects.create(tenant=world.tenant_a, kind="test.count_schools")  # just created
        Job.objects.create(tenant=world.tenant_a, kind="test.count_schools", status=Job.Status.DONE)
    assert jobs_sweep() == 0


def test_a_job_whose_worker_died_is_claimed_again(world, settings):
    with scopes_disabled():
        job = Job.objects.create(
            tenant=world.tenant_a,
            kind="test.count_schools",
            status=Job.Status.RUNNING,
            started_at=timezone.now()
            - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5),
        )
    assert jobs_sweep() == 1
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).status == Job.Status.DONE


def test_the_job_page_polls_while_running_and_stops_when_done(world, login):
    with scopes_disabled():
        job = Job.objects.create(
            tenant=world.tenant_a,
            kind="test.count_schools",
            created_by=world.user("loket"),
            status=Job.Status.RUNNING,
            progress=40,
            message="Bezig met tellen",
        )
    client = login(world.user("loket"))
    url = reverse("jobs:job_detail", kwargs={"tenant_code": "VOA001", "job_id": job.pk})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page and "Bezig met tellen" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'id="job-status"' in partial
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done and "Gereed" in done


@pytest.mark.celery_worker
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: runs in CI's Redis pass"
)
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_job_through_redis(world):
    from celery.contrib.testing.worker import start_worker

    from swvportal.celery import app

    assert not app.conf.task_always_eager
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        with scope(tenant=world.tenant_a):
            job = job_start(
                tenant=world.tenant_a, kind="test.count_schools", by=world.user("bestuurder")
            )
        deadline = time.monotonic() + 30
        with scopes_disabled():
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.is_finished:
                    break
                time.sleep(0.2)
    assert job.status == Job.Status.DONE, job.error
    assert job.params["count"] == 2
