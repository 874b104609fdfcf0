"""Jobs: a row first, then the task; idempotent runs; the sweeper; progress on the page."""

from __future__ import annotations

import os
import signal
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


# --- After a worker crash: heartbeat, sweeper, exactly once, retry (issue #10 item 8) ----------


def _job(world, *, status=Job.Status.RUNNING, beat_age=None, attempts=1, **fields) -> Job:
    """A job as a worker left it: ``beat_age`` seconds since its last sign of life."""
    now = timezone.now()
    beat = None if beat_age is None else now - timezone.timedelta(seconds=beat_age)
    with scopes_disabled():
        return Job.objects.create(
            tenant=world.tenant_a,
            kind=fields.pop("kind", "test.count_schools"),
            status=status,
            attempts=attempts,
            heartbeat_at=beat,
            started_at=beat,
            created_by=fields.pop("created_by", world.user("bestuurder")),
            **fields,
        )


def _aged(job: Job, seconds: int) -> None:
    """Move the job's last sign of life ``seconds`` into the past, as if its worker went silent."""
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - timezone.timedelta(seconds=seconds)
        )


STALE = 10 * 60  # well past JOBS_STALE_AFTER_SECONDS
FRESH = 5


RESTARTED = "Opnieuw gestart na een onderbreking."


@pytest.mark.parametrize(
    ("status", "beat_age", "attempts", "expected_status", "queued", "message"),
    [
        (Job.Status.RUNNING, FRESH, 1, Job.Status.RUNNING, False, "Bezig met tellen"),
        (Job.Status.RUNNING, STALE, 1, Job.Status.QUEUED, True, RESTARTED),
        (Job.Status.RUNNING, STALE, 2, Job.Status.QUEUED, True, RESTARTED),
        (Job.Status.RUNNING, STALE, 3, Job.Status.FAILED, False, "Mislukt."),
        (Job.Status.DONE, STALE, 1, Job.Status.DONE, False, "Bezig met tellen"),
        (Job.Status.FAILED, STALE, 1, Job.Status.FAILED, False, "Bezig met tellen"),
    ],
    ids=["fresh", "stale", "stale-again", "stale-too-often", "done", "failed"],
)
def test_the_sweeper_requeues_a_job_whose_heartbeat_stopped_and_gives_up_after_three_tries(
    world, monkeypatch, status, beat_age, attempts, expected_status, queued, message
):
    from swvportal.jobs import services

    enqueued: list[int] = []
    monkeypatch.setattr(services, "job_enqueue", lambda *, job_id: enqueued.append(job_id) or True)
    job = _job(
        world,
        status=status,
        beat_age=beat_age,
        attempts=attempts,
        progress=10,
        message="Bezig met tellen",
    )
    assert jobs_sweep() == int(queued)
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, enqueued == [job.pk], job.message) == (expected_status, queued, message)
    if queued:
        assert job.progress == 0 and job.attempts == attempts
    if expected_status == Job.Status.FAILED and status == Job.Status.RUNNING:
        assert "onderbroken" in job.error and job.finished_at


def test_after_a_worker_crash_the_sweeper_requeues_the_job_and_it_runs_once_to_the_end(world):
    from swvportal.jobs.services import job_claim

    job = _job(world, status=Job.Status.QUEUED, attempts=0)
    assert job_claim(job_id=job.pk)  # the worker took the job, reported 10% …
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(progress=10, message="PDF opmaken…")
    _aged(job, STALE)  # … and was killed: no sign of life since
    runs = jobkinds.RUNS.count(job.pk)
    assert jobs_sweep() == 1
    run_job.apply(args=(job.pk,))  # the dead worker's message, delivered again
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (Job.Status.DONE, 100, 2)
    assert jobkinds.RUNS.count(job.pk) == runs + 1


def test_a_task_lost_with_its_worker_goes_back_to_the_queue(settings):
    assert run_job.acks_late and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert run_job.reject_on_worker_lost


def test_a_redelivered_task_for_a_job_running_with_a_fresh_heartbeat_does_nothing(world, settings):
    """A long job outlives the time limit as long as it shows signs of life."""
    job = _job(world, beat_age=FRESH, progress=40, message="Bezig met tellen")
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(
            started_at=timezone.now()
            - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        )
        before = Job.objects.values().get(pk=job.pk)
    runs = len(jobkinds.RUNS)
    run_job.apply(args=(job.pk,))
    assert jobs_sweep() == 0
    with scopes_disabled():
        assert Job.objects.values().get(pk=job.pk) == before
    assert len(jobkinds.RUNS) == runs


def test_a_run_that_lost_its_claim_does_not_overwrite_the_new_runs_outcome(world):
    from swvportal.jobs.services import job_claim, job_run

    job = _job(world, status=Job.Status.QUEUED, attempts=0)
    old = job_claim(job_id=job.pk)
    _aged(job, STALE)
    new = job_claim(job_id=job.pk)  # the redelivered message claims the stale job
    assert old and new and old != new
    with scopes_disabled():
        stale_copy = Job.objects.select_related("tenant").get(pk=job.pk)
    with scope(tenant=world.tenant_a):
        job_run(job=stale_copy, token=old)  # the old worker wakes up: its progress is refused
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.progress, job.params) == (Job.Status.RUNNING, 0, {})


def test_asking_again_while_the_old_job_is_stuck_gives_a_job_that_finishes(
    world, django_capture_on_commit_callbacks
):
    from swvportal.jobs.services import job_start_once

    params = {"kind": "osp", "plan_id": 1, "peildatum": None}
    stuck = _job(world, beat_age=STALE, params=params, progress=10, message="PDF opmaken…")
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        again = job_start_once(tenant=world.tenant_a, kind="test.count_schools", params=params)
    with scopes_disabled():
        again.refresh_from_db()
    assert again.status == Job.Status.DONE and again.progress == 100
    assert again.pk == stuck.pk  # the same job, queued again: its page keeps working


def test_asking_again_after_a_failure_starts_a_new_job(world, django_capture_on_commit_callbacks):
    from swvportal.jobs.services import job_start_once

    failed = _job(world, status=Job.Status.FAILED, params={"n": 1})
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        again = job_start_once(tenant=world.tenant_a, kind="test.count_schools", params={"n": 1})
    with scopes_disabled():
        again.refresh_from_db()
    assert again.pk != failed.pk and again.status == Job.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_a_long_step_without_progress_still_shows_signs_of_life(world, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 0.05
    job = _job(world, status=Job.Status.QUEUED, attempts=0, kind="test.waits_for_heartbeat")
    run_job.apply(args=(job.pk,))
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.params.get("heartbeat_seen") is True


RETRY_BUTTON = ">Opnieuw proberen</button>"


def _detail(job: Job) -> str:
    return reverse("jobs:job_detail", kwargs={"tenant_code": "VOA001", "job_id": job.pk})


def test_a_stuck_job_shows_a_dutch_message_and_a_retry_button(world, login):
    job = _job(world, beat_age=STALE, progress=10, created_by=world.user("bestuurder"))
    page = login(world.user("bestuurder")).get(_detail(job)).content.decode()
    assert "onderbroken" in page and RETRY_BUTTON in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("status", [Job.Status.RUNNING, Job.Status.FAILED])
def test_the_owner_can_retry_a_stuck_or_failed_job_and_it_finishes(
    world, login, django_capture_on_commit_callbacks, status
):
    job = _job(world, status=status, beat_age=STALE, attempts=3, created_by=world.user("loket"))
    client = login(world.user("loket"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_detail(job))
    assert response.status_code == 302 and response["Location"] == _detail(job)
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.DONE, 1, "")


def test_a_retry_with_htmx_answers_the_status_part(
    world, login, django_capture_on_commit_callbacks
):
    job = _job(world, status=Job.Status.FAILED, created_by=world.user("bestuurder"))
    client = login(world.user("bestuurder"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_detail(job), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="job-status"' in body and "<html" not in body


def test_it_refuses_a_retry_of_a_job_that_still_runs(world, login):
    job = _job(world, beat_age=FRESH, progress=40)
    response = login(world.user("bestuurder")).post(_detail(job), follow=True)
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.progress) == (Job.Status.RUNNING, 40)
    assert "loopt nog" in response.content.decode()
    assert RETRY_BUTTON not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "kind", "expected"),
    [
        ("outsider", "test.count_schools", 404),  # tenant B, through its own tenant's URL
        ("loket", "test.count_schools", 404),  # someone else's job in the same tenant
        ("toezicht", "test.pdf_right", 403),  # own job, but may not start this kind
        ("toezicht", "documents.render", 403),  # making PDFs is for the bestuurder
    ],
)
def test_it_refuses_a_retry_by_others(world, login, persona, kind, expected):
    owner = world.user("toezicht" if expected == 403 else "bestuurder")
    job = _job(world, status=Job.Status.FAILED, kind=kind, created_by=owner)
    code = "VOB001" if persona == "outsider" else "VOA001"
    url = reverse("jobs:job_detail", kwargs={"tenant_code": code, "job_id": job.pk})
    assert login(world.user(persona)).post(url).status_code == expected
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED
    if expected == 403:
        page = login(world.user(persona)).get(url).content.decode()
        assert RETRY_BUTTON not in page


def _wait_for(job: Job, done, seconds: float = 60, *, tick=None) -> Job:
    """Poll the job's row until ``done(job)`` holds (a generous bound: CI machines are slow)."""
    deadline = time.monotonic() + seconds
    with scopes_disabled():
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if done(job):
                return job
            if tick:
                tick()
            time.sleep(0.2)
    raise AssertionError(f"job {job.pk} stayed {job.status} {job.progress}% ({job.message})")


@pytest.mark.celery_worker
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL"),
    reason="needs REDIS_URL and a database server: runs in CI's PostgreSQL + Redis pass",
)
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_was_killed_mid_job_finishes_after_the_sweeper_runs(world, settings):
    from celery.contrib.testing.worker import start_worker

    from swvportal.celery import app

    # Seconds instead of minutes; the worker's processes are forked after this, so they see it.
    settings.JOBS_HEARTBEAT_SECONDS = 0.5
    settings.JOBS_STALE_AFTER_SECONDS = 3
    with start_worker(
        app,
        pool="prefork",  # a child process runs the job: killing it is a worker crash
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=30,
    ):
        with scope(tenant=world.tenant_a):
            job = job_start(tenant=world.tenant_a, kind="test.killed_once")
        job = _wait_for(job, lambda j: j.params.get("pid"))
        os.kill(job.params["pid"], signal.SIGKILL)
        job = _wait_for(job, lambda j: j.is_finished, tick=jobs_sweep)
    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 2 and job.params["finished"] == 1  # ran to the end exactly once
