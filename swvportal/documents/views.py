"""Pages of issued documents: the list, the download, and "PDF maken" (plan and dashboard).

The PDFs hold no pupil-level data (plans, and dashboard aggregates with small counts
suppressed), so a download is not logged as a read of pupil data.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from plans.access import get_plan_for_user
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView
from swvportal.jobs.models import Job

from .access import get_document_for_user
from .filters import DocumentFilter
from .forms import MonitoringReportForm
from .models import DocumentKind
from .selectors import document_list
from .services import document_start
from .tables import DocumentTable


class DocumentListView(TenantListView):
    capability = "documents.view_plan_pdf"
    table_class = DocumentTable
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    page_title = "Documenten"
    intro = (
        "PDF's die het portaal heeft gemaakt, nieuwste eerst. De PDF van een vastgestelde versie "
        "van het plan wordt één keer gemaakt en daarna nooit meer gewijzigd; met de SHA-256 kunt "
        "u controleren dat u precies dat bestand heeft."
    )

    def get_queryset(self):
        return document_list(membership=self.membership)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=self.can("documents.create"), **kwargs)


class DocumentDownloadView(TenantPageMixin, View):
    capability = "documents.view_plan_pdf"

    def get(self, request: HttpRequest, document_id: int) -> FileResponse:
        document, _ = get_document_for_user(request, document_id)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404("Het bestand van dit document is niet gevonden.") from None
        return FileResponse(
            handle, as_attachment=True, filename=document.filename, content_type="application/pdf"
        )


class _StartView(TenantPageMixin, View):
    """POST only: start the job; with htmx answer the status partial, else go to the job page."""

    capability = "documents.create"
    http_method_names = ["post"]

    def _started(self, request: HttpRequest, job: Job) -> HttpResponse:
        if request.htmx:
            return render(
                request, "jobs/_started.html", {"job": job, "heading": "De PDF wordt gemaakt."}
            )
        return redirect(
            reverse("jobs:job_detail", kwargs={"tenant_code": self.tenant.code, "job_id": job.pk})
        )

    def _refused(self, request: HttpRequest, message: str, back: str) -> HttpResponse:
        if request.htmx:  # htmx swaps 2xx answers only; the message replaces the button
            return render(request, "jobs/_started.html", {"error": message})
        messages.error(request, message)
        return redirect(back)


class OspCreateView(_StartView):
    def post(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan, _ = get_plan_for_user(request, plan_id)
        try:
            job = document_start(
                tenant=self.tenant, kind=DocumentKind.OSP, plan=plan, by=request.user
            )
        except ValidationError as exc:
            back = reverse(
                "plans:plan_detail", kwargs={"tenant_code": self.tenant.code, "plan_id": plan.pk}
            )
            return self._refused(request, " ".join(exc.messages), back)
        return self._started(request, job)


class MonitoringCreateView(_StartView):
    def post(self, request: HttpRequest) -> HttpResponse:
        back = reverse("monitoring:dashboard", kwargs={"tenant_code": self.tenant.code})
        form = MonitoringReportForm(request.POST)
        if not form.is_valid():
            return self._refused(request, " ".join(form.errors["peildatum"]), back)
        try:
            job = document_start(
                tenant=self.tenant,
                kind=DocumentKind.MONITORING,
                peildatum=form.cleaned_data["peildatum"],
                by=request.user,
            )
        except ValidationError as exc:
            return self._refused(request, " ".join(exc.messages), back)
        return self._started(request, job)
