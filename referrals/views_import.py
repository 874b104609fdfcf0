"""Import (dry run, then save without uploading again) and export of registrations as files.

The upload is checked with a dry run; the preview carries the file itself, signed, so "Opslaan"
needs no second upload. A file above ``IMPORT_BACKGROUND_ROWS`` rows is stored instead and checked,
then saved, by a background job (``swvportal.core.import_jobs``); the job's result is this page
with the same report (``?bestand=<id>``), for the member who uploaded it only. The signed payload
names the tenant, the member, the kind and the school, and expires after an hour; the school is
checked against the member's schools again on saving. The rules themselves live in
``referrals.resources`` and the services.
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.audit.services import log_read
from swvportal.core.import_jobs import (
    in_background,
    report_from_json,
    upload_commit,
    upload_for,
    upload_start,
)
from swvportal.core.imports import ImportFileError
from swvportal.core.mixins import TenantPageMixin
from swvportal.tenancy.models import School

from . import resources
from .selectors import absence_list, opp_list, visible_schools

VIEW = "referrals.view_pupil_records"
CHANGE = "referrals.change_pupil_records"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNING_SALT = "referrals.views_import.upload"
SIGNED_MAX_AGE = 60 * 60  # seconds: a preview can be saved for an hour
URL_NAMES = {
    resources.ABSENCES: ("import_absences", "export_absences"),
    resources.OPPS: ("import_opps", "export_opps"),
}
SELECTORS = {resources.ABSENCES: absence_list, resources.OPPS: opp_list}


class UploadForm(forms.Form):
    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.none(), empty_label="— kies een school —"
    )
    file = forms.FileField(
        label="Bestand (CSV of XLSX)",
        help_text="Hoogstens 5 MB. De eerste regel bevat de kolomnamen, zoals in het sjabloon.",
    )

    def __init__(self, *args, kind: str, schools: QuerySet[School], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.raw = b""
        self.file_format = ""
        self.dataset = None
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].empty_label = None
            self.fields["school"].initial = schools[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_format = resources.file_format_for(upload.name) or ""
        if not self.file_format:
            raise ValidationError(
                "Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx). Een ouder Excel-bestand "
                "(.xls) slaat u in Excel eerst op als .xlsx."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                "Het bestand is groter dan 5 MB. Splits het op in kleinere bestanden."
            )
        self.raw = upload.read()
        try:
            self.dataset = resources.read_file(self.kind, self.raw, self.file_format)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


def sign_upload(request: HttpRequest, *, kind: str, school: School, form: UploadForm) -> str:
    return signing.dumps(
        {
            "tenant": request.tenant.pk,
            "member": request.membership.pk,
            "kind": kind,
            "school": school.pk,
            "format": form.file_format,
            "name": form.cleaned_data["file"].name,
            "data": resources.pack_bytes(form.raw),
        },
        salt=SIGNING_SALT,
        compress=True,
    )


def read_signed_upload(request: HttpRequest, payload: str, *, kind: str) -> dict:
    """The upload a preview carried, or ``signing.BadSignature`` (also when expired)."""
    upload = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
    expected = (request.tenant.pk, request.membership.pk, kind)
    if (upload.get("tenant"), upload.get("member"), upload.get("kind")) != expected:
        raise signing.BadSignature("payload of another page or member")
    return upload


def school_or_404(schools: QuerySet[School], value: object) -> School | None:
    """The school ``value`` names, if the member may see it; None when no school is given."""
    if value in (None, ""):
        return None
    digits = str(value)
    school = schools.filter(pk=int(digits)).first() if re.fullmatch(r"[0-9]{1,9}", digits) else None
    if school is None:
        raise Http404("Niet gevonden.")
    return school


def fits_in_a_form(payload: str) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is None or len(payload) < limit - 64 * 1024


class ImportView(TenantPageMixin, View):
    capability = CHANGE
    kind = resources.ABSENCES
    template_name = "referrals/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(kind=self.kind, schools=self.schools())
        if "bestand" in request.GET:
            return self.stored(form, request.GET["bestand"])
        return self.page(form=form)

    def post(self, request: HttpRequest) -> HttpResponse:
        if "payload" in request.POST:
            return self.commit(request)
        if "bestand" in request.POST:
            return self.commit_stored(request.POST["bestand"])
        schools = self.schools()
        school_or_404(schools, request.POST.get("school"))
        form = UploadForm(request.POST, request.FILES, kind=self.kind, schools=schools)
        if not form.is_valid():
            return self.page(form=form, status=422)
        school = form.cleaned_data["school"]
        if in_background(form.dataset.height):
            return self.background(
                school=school,
                file_name=form.cleaned_data["file"].name,
                file_format=form.file_format,
                content=form.raw,
            )
        report = resources.import_dataset(
            self.kind, school=school, dataset=form.dataset, commit=False, by=request.user
        )
        payload = (
            sign_upload(request, kind=self.kind, school=school, form=form) if report.ok else ""
        )
        return self.page(
            form=form,
            report=report,
            school=school,
            file_name=form.cleaned_data["file"].name,
            payload=payload if fits_in_a_form(payload) else "",
            too_big=bool(payload) and not fits_in_a_form(payload),
        )

    def commit(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(kind=self.kind, schools=self.schools())
        try:
            upload = read_signed_upload(request, request.POST["payload"], kind=self.kind)
        except signing.SignatureExpired:
            return self.page(
                form=form,
                problem="Deze controle is meer dan een uur oud. Kies het bestand opnieuw en laat "
                "het nog eens controleren.",
                status=400,
            )
        except signing.BadSignature:
            return self.page(
                form=form,
                problem="De gegevens om op te slaan zijn niet geldig. Kies het bestand opnieuw en "
                "laat het nog eens controleren.",
                status=400,
            )
        school = school_or_404(self.schools(), upload["school"])
        try:
            dataset = resources.read_file(
                self.kind, resources.unpack_bytes(upload["data"]), upload["format"]
            )
        except ImportFileError as exc:
            return self.page(form=form, problem=str(exc), status=400)
        if in_background(dataset.height):
            return self.background(
                school=school,
                file_name=upload["name"],
                file_format=upload["format"],
                content=resources.unpack_bytes(upload["data"]),
                commit=True,
            )
        report = resources.import_dataset(
            self.kind, school=school, dataset=dataset, commit=True, by=request.user
        )
        return self.page(form=form, report=report, school=school, file_name=upload["name"])

    # --- Files above IMPORT_BACKGROUND_ROWS rows: stored, checked and saved by a job ---------

    def background(self, *, school: School, commit: bool = False, **file) -> HttpResponse:
        job = upload_start(
            membership=self.membership,
            kind=resources.import_kind(self.kind),
            params={"school": school.pk},
            commit=commit,
            by=self.request.user,
            **file,
        )
        url = reverse("jobs:job_detail", kwargs={"tenant_code": self.tenant.code, "job_id": job.pk})
        return redirect(url)

    def stored(self, form: UploadForm, pk: str) -> HttpResponse:
        """The report of a file checked (or saved) in the background, as after an upload."""
        upload = upload_for(
            membership=self.membership, pk=pk, kind=resources.import_kind(self.kind)
        )
        school = school_or_404(self.schools(), upload.params.get("school"))
        if upload.report is None:
            return self.page(
                form=form,
                problem="Dit bestand wordt nog gecontroleerd. Kijk bij Achtergrondtaken hoe ver "
                "het is.",
                status=409,
            )
        report = report_from_json(upload.report)
        return self.page(
            form=form, report=report, school=school, file_name=upload.file_name, upload=upload
        )

    def commit_stored(self, pk: str) -> HttpResponse:
        upload = upload_for(
            membership=self.membership, pk=pk, kind=resources.import_kind(self.kind)
        )
        school_or_404(self.schools(), upload.params.get("school"))
        try:
            job = upload_commit(upload=upload, by=self.request.user)
        except ValidationError as exc:
            form = UploadForm(kind=self.kind, schools=self.schools())
            return self.page(form=form, problem=" ".join(exc.messages), status=400)
        url = reverse("jobs:job_detail", kwargs={"tenant_code": self.tenant.code, "job_id": job.pk})
        return redirect(url)

    def schools(self) -> QuerySet[School]:
        return visible_schools(membership=self.membership)

    def page(self, *, status: int = 200, **context) -> HttpResponse:
        namespace = self.request.resolver_match.namespace
        import_name, export_name = URL_NAMES[self.kind]
        export_url = reverse(f"{namespace}:{export_name}", kwargs={"tenant_code": self.tenant.code})
        context.update(
            kind=self.kind,
            label=resources.LABELS[self.kind],
            columns=resources.RESOURCES[self.kind].columns,
            export_url=export_url,
            import_url=reverse(
                f"{namespace}:{import_name}", kwargs={"tenant_code": self.tenant.code}
            ),
        )
        report = context.get("report")
        if report is not None and not report.committed:
            # The dry run compared the file with the school's records and shows what it found
            # (which rows exist, a known pupil's birth year): a read. A commit is a change.
            log_read(self.request, context["school"], what=f"import {self.kind}", count=report.rows)
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"  # a preview carries the uploaded pupil data
        return response


class ExportView(TenantPageMixin, View):
    """An XLSX download; one access-log entry per download of pupil data."""

    capability = VIEW
    kind = resources.ABSENCES

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate().isoformat()
        if request.GET.get("leeg"):
            return xlsx_response(resources.empty_dataset(self.kind), f"{self.kind}-sjabloon.xlsx")
        school = school_or_404(
            visible_schools(membership=self.membership), request.GET.get("school")
        )
        queryset = SELECTORS[self.kind](membership=self.membership)
        queryset = resources.registrations(
            self.kind, queryset, **({"school": school} if school else {})
        )
        dataset = resources.export_dataset(self.kind, queryset, school_column=school is None)
        log_read(request, school or self.tenant, what=f"export {self.kind}", count=dataset.height)
        where = school.brin if school else f"{self.tenant.code}-alle-scholen"
        return xlsx_response(dataset, f"{self.kind}-{where}-{today}.xlsx")


def xlsx_response(dataset, filename: str) -> HttpResponse:
    response = HttpResponse(
        resources.dataset_bytes(dataset, "xlsx"), content_type=resources.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
