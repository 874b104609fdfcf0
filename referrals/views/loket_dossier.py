"""The dossier of a TLV request: its panel on the request's page, the dossier page with the
upload form, the download and the removal of a document.

Every view reaches the request through ``get_tlv_request_for_user`` (404 for a request the
member may not see, so a document id of another request is a 404 too) and logs each read:
the dossier (its list of documents) and every download of a file. A file has no other way out:
the private storage has no URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache

from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin

from ..access import SUBMIT_TLV, VIEW_TLV, get_tlv_request_for_user
from ..forms.loket_dossier import DossierDeleteForm, DossierUploadForm
from ..models.loket import DocumentKind, DossierDocument, TlvRequest
from ..services import loket_dossier as dossier
from ..services import loket_rules
from ..services.loket_workflow import settings_of
from .loket_panels import panel

PANEL_TEMPLATE = "loket/dossier/_panel.html"


def dossier_url(tlv: TlvRequest) -> str:
    return reverse("loket:dossier", kwargs={"tenant_code": tlv.tenant.code, "tlv_id": tlv.pk})


def dossier_context(
    http_request: HttpRequest, tlv: TlvRequest, *, form: DossierUploadForm | None = None
) -> dict:
    """What the panel and the dossier page show: a fixed number of queries for any number of
    documents (the documents, the settings, the open question when there is one)."""
    documents = list(tlv.documents.select_related("uploaded_by"))
    writer = dossier.Writer.of(http_request.membership, tlv)
    upload_problems = dossier.upload_problems(tlv, writer)
    supplement = dossier.open_supplement(tlv) if writer.any else None
    tenant_settings = settings_of(tlv)
    for document in documents:
        document.can_delete = not dossier.delete_problems(
            document, tlv, writer, supplement and supplement.pk
        )
    checklist = loket_rules.checklist(tlv, {d.kind for d in documents}, tenant_settings)
    if form is None and not upload_problems:
        form = DossierUploadForm(max_mb=tenant_settings.max_upload_mb)
    return {
        "tlv": tlv,
        "groups": _by_kind(documents),
        "document_count": len(documents),
        "checklist": checklist,
        "missing": [item for item in checklist if not item.done],
        "upload_form": form if not upload_problems else None,
        "upload_problems": upload_problems if writer.any else [],
        "supplement": supplement,
        "next": http_request.get_full_path(),
    }


def _by_kind(documents: list[DossierDocument]) -> list[dict]:
    """The documents per kind, in the order of the kinds."""
    groups = []
    for kind, label in DocumentKind.choices:
        found = [d for d in documents if d.kind == kind]
        if found:
            groups.append({"kind": kind, "label": label, "documents": found})
    return groups


@panel(order=20, template=PANEL_TEMPLATE)
def dossier_panel(http_request: HttpRequest, tlv: TlvRequest, can_write: bool) -> dict | None:
    """On the request's page: the documents, the checklist and the upload form. The request
    page logs the read of the request it shows, this panel included."""
    return dossier_context(http_request, tlv)


class DossierView(TenantPageMixin, View):
    """The dossier on a page of its own (GET), and adding a document to it (POST)."""

    capability = VIEW_TLV

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        return self.page(tlv)

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        if not dossier.Writer.of(self.membership, tlv).any:
            raise PermissionDenied("U mag geen stukken aan dit dossier toevoegen.")
        max_mb = settings_of(tlv).max_upload_mb
        form = DossierUploadForm(request.POST, request.FILES, max_mb=max_mb)
        if form.is_valid():
            try:
                document = dossier.dossier_upload(
                    tlv=tlv,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    by=self.membership,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"'{document.original_name}' is aan het dossier toegevoegd als "
                    f"{document.get_kind_display().lower()}.",
                )
                return redirect(_next_or(request, dossier_url(tlv)))
        return self.page(tlv, form=form, status=422)

    def page(self, tlv: TlvRequest, *, form=None, status: int = 200) -> HttpResponse:
        context = dossier_context(self.request, tlv, form=form)
        log_read(
            self.request, tlv, what="dossier van een TLV-aanvraag", count=context["document_count"]
        )
        # The form posts here: back to this page afterwards, not to wherever it came from.
        context["next"] = dossier_url(tlv)
        return render(self.request, "loket/dossier/page.html", context, status=status)


def _next_or(request: HttpRequest, fallback: str) -> str:
    """Back to the page the form was on (the request's page), if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _document_of(tlv: TlvRequest, document_id: int) -> DossierDocument:
    """A document of this request only: another request's id is a 404, as is a stranger's."""
    return get_object_or_404(
        DossierDocument.objects.select_related("uploaded_by"), pk=document_id, request=tlv
    )


@method_decorator(never_cache, name="dispatch")
class DocumentDownloadView(TenantPageMixin, View):
    capability = VIEW_TLV

    def get(self, request: HttpRequest, tlv_id: int, dossier_document_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        document = _document_of(tlv, dossier_document_id)
        try:
            opened = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Dit bestand is niet meer beschikbaar.") from exc
        log_read(request, document, what="stuk uit het dossier", tlv_id=tlv.pk)
        response = FileResponse(
            opened,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class DocumentDeleteView(TenantPageMixin, View):
    """Remove a document: a confirmation page first (GET), then the removal (POST)."""

    capability = SUBMIT_TLV
    template_name = "loket/dossier/delete.html"

    def _resolve(self, tlv_id: int, document_id: int) -> tuple[TlvRequest, DossierDocument]:
        tlv, _ = get_tlv_request_for_user(self.request, tlv_id)
        document = _document_of(tlv, document_id)
        writer = dossier.Writer.of(self.membership, tlv)
        supplement = dossier.open_supplement(tlv)
        problems = dossier.delete_problems(document, tlv, writer, supplement and supplement.pk)
        if problems:
            raise PermissionDenied(problems[0])
        return tlv, document

    def get(self, request: HttpRequest, tlv_id: int, dossier_document_id: int) -> HttpResponse:
        tlv, document = self._resolve(tlv_id, dossier_document_id)
        log_read(request, tlv, what="stuk uit het dossier verwijderen", document_id=document.pk)
        context = {"tlv": tlv, "document": document, "form": DossierDeleteForm()}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, tlv_id: int, dossier_document_id: int) -> HttpResponse:
        tlv, document = self._resolve(tlv_id, dossier_document_id)
        name = document.original_name
        try:
            dossier.dossier_delete(document=document, by=self.membership)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"'{name}' is uit het dossier verwijderd.")
        return redirect(dossier_url(tlv))
