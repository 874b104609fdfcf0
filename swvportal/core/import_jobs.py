"""Big files in the background: an app registers an import kind, the platform stores the
upload, checks it in a job (with progress) and, when the member asks, saves it in a second job.

    register_import(
        "referrals.thuiszitters", "Thuiszitters inlezen", "referrals.change_pupil_records",
        required=[...], make_importer=lambda upload: AbsenceImporter(...),
        page_url=lambda upload: "/…/importeren/thuiszitters/?bestand=12",
    )

A page then calls ``upload_start`` for a file above ``IMPORT_BACKGROUND_ROWS`` rows and sends
the member to the job's page; the job's result is the app's page with the same report, from
``upload_report``. Saving again calls ``upload_commit``. Both jobs are idempotent: a saved upload
is not saved twice, and a commit is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from swvportal.jobs.models import Job
from swvportal.jobs.params import JobParams, param_bool, param_int
from swvportal.jobs.registry import Progress, job_kind
from swvportal.jobs.services import job_start_once

from .imports import FormImporter, ImportReport, RowError, load_dataset, run_import
from .models import ImportUpload


@dataclass(frozen=True)
class ImportKind:
    kind: str
    label: str
    capability: str
    required: list[str]
    make_importer: Callable[[ImportUpload], FormImporter]
    page_url: Callable[[ImportUpload], str]

    @property
    def job_kind(self) -> str:
        return f"import.{self.kind}"


IMPORT_KINDS: dict[str, ImportKind] = {}


@dataclass(frozen=True)
class UploadParams(JobParams):
    """The stored upload, and whether to save it (or only check it)."""

    upload: int
    commit: bool = False

    def to_params(self) -> dict[str, Any]:
        return {"upload": self.upload, "commit": self.commit}

    @classmethod
    def from_params(cls, data: Mapping[str, Any]) -> UploadParams:
        return cls(param_int(data, "upload"), param_bool(data, "commit"))


def register_import(
    kind: str,
    label: str,
    capability: str,
    *,
    required: list[str],
    make_importer: Callable[[ImportUpload], FormImporter],
    page_url: Callable[[ImportUpload], str],
) -> ImportKind:
    entry = ImportKind(kind, label, capability, list(required), make_importer, page_url)
    IMPORT_KINDS[kind] = entry
    # The documented limit, 100,000 rows, is checked in about two minutes and saved in a few.
    job_kind(
        entry.job_kind,
        label,
        params=UploadParams,
        capability=capability,
        soft_time_limit=25 * 60,
        time_limit=30 * 60,
    )(run_upload)
    return entry


def in_background(rows: int) -> bool:
    return rows > settings.IMPORT_BACKGROUND_ROWS


def run_upload(job: Job, params: UploadParams, progress: Progress) -> str:
    """The job: check the stored file (``commit`` false) or check and save it."""
    upload = ImportUpload.objects.get(pk=params.upload)
    entry = IMPORT_KINDS[upload.kind]
    if upload.committed:  # a redelivered commit: it is saved already
        return entry.page_url(upload)
    dataset = load_dataset(bytes(upload.content), upload.file_format, required=entry.required)
    report = run_import(
        lambda: entry.make_importer(upload),
        dataset,
        commit=params.commit,
        progress=progress,
    )
    upload.report = report_as_json(report)
    upload.committed = report.committed
    if report.committed:
        upload.content = b""  # saved: the file itself is no longer needed
    upload.save(update_fields=["report", "committed", "content"])
    progress(100, _summary(report))
    return entry.page_url(upload)


def _summary(report: ImportReport) -> str:
    if report.errors:
        return f"{len(report.errors)} van de {report.rows} regels hebben fouten."
    done = "opgeslagen" if report.committed else "gecontroleerd"
    return f"{report.rows} regels {done}: {report.new} nieuw, {report.updated} bijgewerkt."


def report_as_json(report: ImportReport) -> dict[str, Any]:
    return asdict(report)


def report_from_json(data: dict[str, Any]) -> ImportReport:
    errors = [RowError(e["line"], list(e["messages"])) for e in data.get("errors", [])]
    return ImportReport(**{**data, "errors": errors})


@transaction.atomic
def upload_start(
    *,
    membership,
    kind: str,
    params: dict[str, Any],
    file_name: str,
    file_format: str,
    content: bytes,
    commit: bool = False,
    by=None,
) -> Job:
    """Store the file for the member and start checking it (and with ``commit``, saving it
    when it has no errors) in the background."""
    if kind not in IMPORT_KINDS:
        raise ValidationError(f"Onbekende soort bestand: {kind}.")
    max_age = timedelta(seconds=settings.IMPORT_UPLOAD_MAX_AGE)
    ImportUpload.objects.filter(
        tenant=membership.tenant, created_at__lt=timezone.now() - max_age
    ).delete()
    upload = ImportUpload.objects.create(
        tenant=membership.tenant,
        membership=membership,
        kind=kind,
        params=params,
        file_name=file_name[:255],
        file_format=file_format,
        content=content,
        created_by=by,
    )
    return _start(upload, commit=commit, by=by)


@transaction.atomic
def upload_commit(*, upload: ImportUpload, by=None) -> Job:
    """Save a checked file without errors, in the background."""
    report = upload.report
    if report is None or report.get("errors") or upload.committed or not upload.content:
        raise ValidationError("Dit bestand kan niet (meer) worden opgeslagen.")
    return _start(upload, commit=True, by=by)


def _start(upload: ImportUpload, *, commit: bool, by) -> Job:
    entry = IMPORT_KINDS[upload.kind]
    params = UploadParams(upload.pk, commit=commit)
    return job_start_once(tenant=upload.tenant, kind=entry.job_kind, params=params, by=by)


def upload_for(*, membership, pk: object, kind: str) -> ImportUpload:
    """The member's own, not expired upload of this kind, or 404."""
    max_age = timedelta(seconds=settings.IMPORT_UPLOAD_MAX_AGE)
    found = ImportUpload.objects.filter(
        membership=membership, kind=kind, created_at__gte=timezone.now() - max_age
    )
    upload = found.filter(pk=int(pk)).first() if str(pk).isdigit() and len(str(pk)) < 10 else None
    if upload is None:
        raise Http404("Niet gevonden.")
    return upload
