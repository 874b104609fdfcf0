"""Typed jobs: each kind its own Celery task with its own time limits and a parameters class
checked at start; old parameter dicts still run; ``for_each_tenant`` for the nightly loops."""

from __future__ import annotations

import datetime
import logging

import pytest
from celery import signals
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from monitoring.jobs import ComputeParams
from swvportal.celery import app as celery_app
from swvportal.core.import_jobs import UploadParams
from swvportal.documents.jobs import RenderParams
from swvportal.jobs import registry
from swvportal.jobs.models import Job
from swvportal.jobs.params import NoParams
from swvportal.jobs.services import TOO_LONG, job_start, jobs_sweep
from swvportal.jobs.tasks import run_job
from swvportal.jobs.tenants import for_each_tenant
from swvportal.tenancy.models import School
from tests import jobkinds  # registers the test job kinds

# kind → (its task, soft and hard time limit in seconds, its parameters class)
REAL_KINDS = {
    "monitoring.compute": ("jobs.monitoring.compute", 20 * 60, 25 * 60, ComputeParams),
    "documents.render": ("jobs.documents.render", 10 * 60, 12 * 60, RenderParams),
    "import.referrals.thuiszitters": (
        "jobs.import.referrals.thuiszitters",
        25 * 60,
        30 * 60,
        UploadParams,
    ),
    "import.referrals.opp": ("jobs.import.referrals.opp", 25 * 60, 30 * 60, UploadParams),
}


@pytest.fixture(autouse=True)
def _in_process(eager_tasks):
    """Tasks run in-process here, also in CI's Redis pass."""


@pytest.fixture
def ran_tasks():
    """The names of the Celery tasks that ran (eagerly) during the test."""
    names: list[str] = []

    def record(sender=None, **kwargs):
        names.append(sender.name)

    signals.task_prerun.connect(record, weak=False)
    yield names
    signals.task_prerun.disconnect(record)


def test_each_real_kind_is_its_own_celery_task_with_its_own_time_limits():
    real = {k: v for k, v in registry.KINDS.items() if not k.startswith("test.")}
    assert set(real) == set(REAL_KINDS)
    for kind, (name, soft, hard, params) in REAL_KINDS.items():
        task = celery_app.tasks[name]
        assert registry.KINDS[kind].task.name == name
        assert (task.soft_time_limit, task.time_limit) == (soft, hard), kind
        assert task.acks_late and task.reject_on_worker_lost and task.ignore_result, kind
        assert registry.KINDS[kind].params is params


def test_a_job_is_queued_on_its_kinds_task_also_by_the_sweeper(
    world, ran_tasks, django_capture_on_commit_callbacks
):
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        started = job_start(tenant=world.tenant_a, kind="test.count_schools")
    with scopes_disabled():
        waiting = Job.objects.create(tenant=world.tenant_a, kind="test.pdf_right")
        Job.objects.filter(pk=waiting.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=1)
        )
    assert jobs_sweep() == 1
    assert ran_tasks == ["jobs.test.count_schools", "jobs.test.pdf_right"]
    with scopes_disabled():
        assert {j.status for j in Job.objects.filter(pk__in=[started.pk, waiting.pk])} == {
            Job.Status.DONE
        }


def test_a_kinds_task_leaves_a_job_of_another_kind_alone(world):
    with scopes_disabled():
        job = Job.objects.create(tenant=world.tenant_a, kind="test.fails")
    registry.KINDS["test.count_schools"].task.apply(args=(job.pk,))
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 0)


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("monitoring.compute", {}, "De taak mist het gegeven ‘peildatum’."),
        ("monitoring.compute", {"peildatum": "1-10-2026"}, "geen datum (jjjj-mm-dd)"),
        ("monitoring.compute", {"peildatum": "2026-10-01", "voorlopig": "ja"}, "ja/nee-waarde"),
        ("import.referrals.opp", {"upload": "twaalf"}, "‘upload’ van de taak is geen getal"),
        ("import.referrals.opp", {"upload": True}, "‘upload’ van de taak is geen getal"),
        ("documents.render", {"plan_id": 1}, "De taak mist het gegeven ‘kind’."),
        ("documents.render", {"kind": "bestaat-niet"}, "Onbekende soort document"),
    ],
)
def test_bad_or_missing_parameters_are_refused_at_start_in_dutch(world, kind, params, message):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        job_start(tenant=world.tenant_a, kind=kind, params=params)
    assert message in " ".join(refused.value.messages)
    with scopes_disabled():
        assert not Job.objects.exists()  # nothing for a worker to trip over


def test_a_parameters_object_of_another_kind_is_a_programming_error(world):
    with scope(tenant=world.tenant_a), pytest.raises(ImproperlyConfigured):
        job_start(tenant=world.tenant_a, kind="monitoring.compute", params=UploadParams(1))


# The dicts today's code writes (and older rows hold): each reads back and is stored unchanged.
OLD_ROWS = [
    (ComputeParams, {"peildatum": "2026-10-01", "voorlopig": False}),
    (ComputeParams, {"peildatum": "2026-11-14", "voorlopig": True}),
    (ComputeParams, {"peildatum": "2026-10-01", "voorlopig": False, "alleen_gepland": True}),
    (UploadParams, {"upload": 12, "commit": False}),
    (UploadParams, {"upload": 12, "commit": True}),
    (RenderParams, {"kind": "osp", "plan_id": 3, "final": True}),
    (RenderParams, {"kind": "monitoring", "peildatum": "2026-10-01", "voorlopig": False}),
    (NoParams, {}),
]


@pytest.mark.parametrize(("params", "row"), OLD_ROWS)
def test_todays_parameter_dicts_read_back_unchanged(params, row):
    assert params.from_params(row).to_params() == row


def test_a_row_from_before_a_flag_existed_reads_with_its_default():
    assert ComputeParams.from_params({"peildatum": "2026-10-01"}) == ComputeParams(
        datetime.date(2026, 10, 1), voorlopig=False, alleen_gepland=False
    )


def test_an_old_row_whose_parameters_no_longer_read_fails_with_a_dutch_message(world):
    with scopes_disabled():
        job = Job.objects.create(tenant=world.tenant_a, kind="monitoring.compute", params={})
    run_job.apply(args=(job.pk,))  # a message queued before the kinds had their own tasks
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "De taak mist het gegeven ‘peildatum’."


def test_an_old_message_for_a_job_of_any_kind_still_runs_it(world):
    with scopes_disabled():
        job = Job.objects.create(tenant=world.tenant_a, kind="test.count_schools", params={"n": 1})
    run_job.apply(args=(job.pk,))
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.params == {"n": 1, "count": 2}


def test_a_job_past_its_soft_time_limit_fails_with_a_dutch_message(world):
    with scopes_disabled():
        job = Job.objects.create(tenant=world.tenant_a, kind="test.too_long")
    registry.KINDS["test.too_long"].task.apply(args=(job.pk,))
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, TOO_LONG)
    assert "te lang" in job.error


@pytest.mark.parametrize(("soft", "hard"), [(60, 60), (90, 60), (0, 60)])
def test_a_kind_needs_a_soft_limit_below_its_hard_one(soft, hard):
    with pytest.raises(ImproperlyConfigured, match="soft time limit"):
        registry.job_kind("test.limits", "Grenzen (test)", soft_time_limit=soft, time_limit=hard)
    assert "test.limits" not in registry.KINDS


def test_a_kind_cannot_be_registered_twice_by_another_handler():
    def other(job, params, progress) -> None:
        pass

    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        registry.job_kind("test.fails", "Nogmaals", soft_time_limit=1, time_limit=2)(other)
    assert registry.KINDS["test.fails"].handler is jobkinds.fails


# --- for_each_tenant ----------------------------------------------------------------------------


def test_for_each_tenant_goes_on_after_one_tenant_fails_and_logs_it(world, caplog):
    def count_and_mark(tenant):
        School.objects.filter(pk=world.school_a1.pk).update(name="Half gedaan")
        if tenant == world.tenant_a:
            raise RuntimeError("kapot")
        return School.objects.count()  # in the tenant's scope: only its own schools

    with caplog.at_level(logging.ERROR, logger="swvportal.jobs.tenants"):
        run = for_each_tenant(count_and_mark)
    assert run.results == {"VOB001": 1} and not run.ok
    assert run.failed == {"VOA001": "RuntimeError: kapot"}
    assert "count_and_mark failed for tenant VOA001" in caplog.text
    assert caplog.records[0].exc_info  # the traceback is in the log
    with scopes_disabled():
        assert School.objects.get(pk=world.school_a1.pk).name == "Alfa College"  # rolled back


def test_for_each_tenant_runs_only_the_tenants_asked_for(world):
    run = for_each_tenant(lambda tenant: School.objects.count(), tenants=[world.tenant_a])
    assert run.results == {"VOA001": 2} and run.ok


def test_a_soft_time_limit_ends_the_loop(world):
    def slow(tenant):
        raise SoftTimeLimitExceeded()

    with pytest.raises(SoftTimeLimitExceeded):
        for_each_tenant(slow)


def test_the_nightly_computation_goes_on_after_one_tenant_fails(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from monitoring import tasks

    real = tasks.compute_start

    def start(*, tenant, **kwargs):
        if tenant == world.tenant_a:
            raise RuntimeError("kapot")
        return real(tenant=tenant, **kwargs)

    monkeypatch.setattr(tasks, "compute_start", start)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.compute_indicators_nightly() == 1
    with scopes_disabled():
        assert [j.tenant.code for j in Job.objects.filter(kind="monitoring.compute")] == ["VOB001"]


def test_the_nightly_retention_run_goes_on_after_one_tenant_fails(world, monkeypatch):
    from swvportal.core import tasks

    def anonymise(*, tenant):
        if tenant == world.tenant_a:
            raise RuntimeError("kapot")
        return 3

    monkeypatch.setattr(tasks, "pupil_records_anonymise", anonymise)
    assert tasks.anonymise_expired_pupil_records.apply().get() == 3
