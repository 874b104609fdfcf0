"""Importing through the page's forms, all or nothing, and big files in a background job."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from referrals import resources, services
from referrals.forms import AbsenceForm
from referrals.models import AbsenceRegistration
from referrals.tests.test_import_export import _absence_row, _csv_bytes, _url
from swvportal.audit.models import AuditEntry
from swvportal.core import imports
from swvportal.core.import_jobs import IMPORT_KINDS
from swvportal.core.models import ImportUpload
from swvportal.jobs.models import Job
from tests.conftest import eager_tasks  # noqa: F401  (fixture: the jobs run in-process)


def _dataset(rows: list[dict]):
    return resources.read_file("thuiszitters", _csv_bytes(rows), "csv")


def test_a_row_the_page_form_refuses_gets_the_form_message(world):
    row = {**_absence_row(1), "initialen": "A.B.C.D.E.F.G."}
    form = AbsenceForm(
        {"pupil_number": "x", "birth_year": 2012, "initials": row["initialen"]},
        schools=world.school_a1.__class__.objects.none(),
    )
    form.is_valid()
    with scope(tenant=world.tenant_a):
        report = resources.import_dataset(
            "thuiszitters", school=world.school_a1, dataset=_dataset([row]), commit=True
        )
    assert report.errors[0].messages == [f"initialen: {m}" for m in form.errors["initials"]]
    with scope(tenant=world.tenant_a):
        assert not AbsenceRegistration.objects.exists()


def test_one_row_refused_while_saving_saves_nothing(world):
    rows = [_absence_row(n) for n in range(5)]
    real = services.absence_create
    calls = []

    def third_fails(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValidationError({"plan": "Gewijzigd tussen controle en opslaan."})
        return real(**kwargs)

    with scope(tenant=world.tenant_a), mock.patch.object(services, "absence_create", third_fails):
        report = resources.import_dataset(
            "thuiszitters", school=world.school_a1, dataset=_dataset(rows), commit=True
        )
        assert not report.committed
        assert [(e.line, e.messages) for e in report.errors] == [
            (4, ["plan: Gewijzigd tussen controle en opslaan."])
        ]
        assert not AbsenceRegistration.objects.exists()


def test_the_dry_run_reports_progress_and_asks_no_query_per_row(
    world, django_assert_max_num_queries
):
    seen = []
    with (
        scope(tenant=world.tenant_a),
        mock.patch.object(imports, "PROGRESS_EVERY", 10),
        django_assert_max_num_queries(5),
    ):
        report = resources.import_dataset(
            "thuiszitters",
            school=world.school_a1,
            dataset=_dataset([_absence_row(n) for n in range(40)]),
            commit=False,
            progress=lambda percent, message: seen.append(percent),
        )
    assert report.ok and report.new == 40
    assert seen == [25, 50, 75]


def test_both_kinds_are_registered_for_the_background():
    assert {"referrals.thuiszitters", "referrals.opp"} <= set(IMPORT_KINDS)
    assert IMPORT_KINDS["referrals.opp"].capability == "referrals.change_pupil_records"


@pytest.mark.usefixtures("eager_tasks")  # also in CI's Redis pass, with its real worker
@override_settings(IMPORT_BACKGROUND_ROWS=5)
def test_a_big_file_is_checked_and_saved_by_a_job_with_the_same_report(
    world, login, django_capture_on_commit_callbacks
):
    content = _csv_bytes([_absence_row(n) for n in range(12)])
    client = login(world.user("zorgcoordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("referrals:import_absences"),
            {"school": world.school_a1.pk, "file": SimpleUploadedFile("groot.csv", content)},
        )
    with scopes_disabled():
        job = Job.objects.get(kind="import.referrals.thuiszitters")
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    with scopes_disabled():
        upload = ImportUpload.objects.get()
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    assert "12 regels gecontroleerd: 12 nieuw" in job.message
    assert job.result_url.endswith(f"?bestand={upload.pk}")

    page = client.get(job.result_url)
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.ok, report.new, report.committed) == (True, 12, False)
    assert f'name="bestand" value="{upload.pk}"' in page.content.decode()
    assert _absences(world) == 0

    # Another member of the tenant cannot see or save it.
    other = login(world.user("bestuurder"))
    assert other.get(job.result_url).status_code == 404
    assert other.post(_url("referrals:import_absences"), {"bestand": upload.pk}).status_code == 404

    client = login(world.user("zorgcoordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("referrals:import_absences"), {"bestand": upload.pk})
    assert response.status_code == 302
    assert _absences(world) == 12
    with scopes_disabled():
        upload.refresh_from_db()
    assert upload.committed and bytes(upload.content) == b""
    page = client.get(job.result_url)
    assert "Alle regels zijn opgeslagen: 12 nieuw" in page.content.decode()
    # Saving twice is refused; nothing is saved again.
    response = client.post(_url("referrals:import_absences"), {"bestand": upload.pk})
    assert response.status_code == 400 and _absences(world) == 12


def _absences(world) -> int:
    with scope(tenant=world.tenant_a):
        return AbsenceRegistration.objects.count()


@pytest.mark.usefixtures("eager_tasks")  # also in CI's Redis pass, with its real worker
def test_a_20000_row_file_is_checked_in_the_background_without_an_error(
    world, login, django_capture_on_commit_callbacks
):
    rows = [{**_absence_row(n), "leerlingnummer": f"G{n:06d}"} for n in range(20_000)]
    content = _csv_bytes(rows)
    assert 0.5e6 < len(content) < 5e6
    client = login(world.user("zorgcoordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("referrals:import_absences"),
            {"school": world.school_a1.pk, "file": SimpleUploadedFile("groot.csv", content)},
        )
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="import.referrals.thuiszitters")
    assert job.status == Job.Status.DONE, job.error
    report = client.get(job.result_url).context["report"]
    assert (report.ok, report.rows, report.new) == (True, 20_000, 20_000)


@pytest.mark.usefixtures("eager_tasks")  # also in CI's Redis pass, with its real worker
def test_a_5000_row_file_is_checked_and_saved_in_the_background(
    world, login, django_capture_on_commit_callbacks
):
    """Saved in bulk (``services.records_flush``). 5,000 rows, not the 20,000 above: checking
    and saving those takes this machine about two minutes, too long for every test run."""
    rows = [{**_absence_row(n), "leerlingnummer": f"S{n:06d}"} for n in range(5_000)]
    client = login(world.user("zorgcoordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("referrals:import_absences"),
            {"school": world.school_a1.pk, "file": SimpleUploadedFile("s.csv", _csv_bytes(rows))},
        )
    with scopes_disabled():
        upload = ImportUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("referrals:import_absences"), {"bestand": upload.pk})
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.filter(kind="import.referrals.thuiszitters").latest("pk")
        upload.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert upload.committed
    assert _absences(world) == 5_000
    with scope(tenant=world.tenant_a):
        assert AuditEntry.objects.filter(tenant=world.tenant_a).count() >= 10_000
