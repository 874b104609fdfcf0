"""Pages of issued documents, for every registered type: the list, the download, "PDF maken".

A type with ``sensitive=True`` has every download logged as a read (``audit.services.log_read``,
as for pupil data). The plan and the dashboard report are not sensitive: plans, and dashboard
aggregates with small counts suppressed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View

from swvportal.audit.services import log_read
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView
from swvportal.jobs.models import Job

from . import registry
from .access import get_document_for_user
from .filters import DocumentFilter
from .registry import DocumentType
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
        # Where each type is made ("bij de versie van het ondersteuningsplan"), from the registry.
        hints = [
            mark_safe(t.make_hint(self.tenant))  # noqa: S308 - the type's own HTML
            for t in registry.all_types()
            if t.make_hint and self.can(t.create_capability)
        ]
        return super().get_context_data(
            can_create=self.can("documents.create"), make_hints=hints, **kwargs
        )


class DocumentDownloadView(TenantPageMixin, View):
    capability = "documents.view_plan_pdf"

    def get(self, request: HttpRequest, document_id: int) -> FileResponse:
        document, _ = get_document_for_user(request, document_id)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404("Het bestand van dit document is niet gevonden.") from None
        document_type = registry.get(document.kind)
        if document_type is not None and document_type.sensitive:
            log_read(request, document, what=f"download {document.kind}")
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


class DocumentCreateView(_StartView):
    """ "PDF maken" for one type: the type reads the request (``from_request``), we start the job.

    ``from_request`` raises ``Http404`` for what the member may not see and ``ValidationError``
    for bad input; a refusal goes back to the type's ``back`` page.
    """

    document_type: DocumentType | None = None

    @property
    def capability(self) -> str:
        return self.document_type.create_capability

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        document_type = self.document_type
        try:
            params = document_type.from_request(request, **kwargs)
            job = document_start(
                tenant=self.tenant, kind=document_type.key, by=request.user, **params
            )
        except ValidationError as exc:
            back = document_type.back(request, **kwargs)
            return self._refused(request, " ".join(exc.messages), back)
        return self._started(request, job)
