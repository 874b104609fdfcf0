"""Excel and JSON downloads of a begroting version, and reading a begroting in.

* ``begroting_export_xlsx`` / ``begroting_export_json``: for whoever may read the version
  (``finance.view_begroting``; a concept is a 404 for the inspectie, as on its page).
* ``begroting_import``: the bestuurder (``finance.exchange_begroting``): upload an .xlsx or JSON
  file → the dry run (what would be made, the warnings about the file's own totals, each
  problem with its row or path) → "Inlezen" (the file carried along, signed, so it needs no
  second upload) → the new concept's page with a message. The rules live in
  ``finance.exchange`` and ``finance.exchange_xlsx``; a begroting is small, so it is read while
  the member waits.
* The panel on the version page (order 60) links to all three.
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.downloads import attachment
from swvportal.core.mixins import TenantPageMixin

from ..access import get_begroting_for_user
from ..exchange import (
    JSON_CONTENT_TYPE,
    MAX_FILE_BYTES,
    SCHEMA_ID,
    FileRefused,
    Outcome,
    dumps,
    export_begroting,
    export_filename,
    file_kind,
    read_file,
)
from ..exchange_xlsx import XLSX_CONTENT_TYPE, begroting_xlsx
from ..models import Begroting
from ..selectors import VIEW
from .panels import panel

EXCHANGE = "finance.exchange_begroting"
SIGNING_SALT = "finance.exchange.import"
SIGNED_MAX_AGE = 60 * 60  # seconds: a checked file can be read in for an hour
BAD_PAYLOAD = (
    "De gegevens om in te lezen zijn niet (meer) geldig. Kies het bestand opnieuw en laat het "
    "nog eens controleren."
)


def _url(name: str, tenant_code: str, **kwargs) -> str:
    return reverse(f"finance:{name}", kwargs={"tenant_code": tenant_code, **kwargs})


class ExportXlsxView(TenantPageMixin, View):
    capability = VIEW

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting, _may_change = get_begroting_for_user(request, begroting_id)
        return attachment(
            begroting_xlsx(begroting), XLSX_CONTENT_TYPE, export_filename(begroting, "xlsx")
        )


class ExportJsonView(TenantPageMixin, View):
    capability = VIEW

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting, _may_change = get_begroting_for_user(request, begroting_id)
        content = dumps(export_begroting(begroting)).encode("utf-8")
        return attachment(content, JSON_CONTENT_TYPE, export_filename(begroting, "json"))


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Bestand (.xlsx of .json)",
        help_text="Hoogstens 5 MB. Een export van een begroting (Excel of JSON), of een "
        "Excel-bestand in de indeling van Bijlage 3.",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg. Kies een Excel- of JSON-bestand met de begroting.",
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.json," + XLSX_CONTENT_TYPE + ",application/json"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # refused before a byte of it is read
            raise ValidationError(
                f"Het bestand is {upload.size / 2**20:.1f} MB groot. Een begroting mag hoogstens "
                f"{MAX_FILE_BYTES // 2**20} MB zijn."
            )
        self.raw = upload.read()
        try:
            file_kind(self.raw)
        except FileRefused as exc:
            raise ValidationError(str(exc)) from None
        return upload


class ImportView(TenantPageMixin, View):
    capability = EXCHANGE
    template_name = "finance/exchange/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(form=UploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "payload" in request.POST:
            return self.commit(request.POST["payload"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form=form, status=422)
        file_name = form.cleaned_data["file"].name
        try:
            outcome = read_file(tenant=self.tenant, raw=form.raw, commit=False, by=request.user)
        except FileRefused as exc:
            form.add_error("file", str(exc))
            return self.page(form=form, status=422)
        payload = self.sign(file_name, form.raw) if outcome.ok else ""
        return self.page(form=UploadForm(), outcome=outcome, file_name=file_name, payload=payload)

    def sign(self, file_name: str, raw: bytes) -> str:
        return signing.dumps(
            {
                "tenant": self.tenant.pk,
                "member": self.membership.pk,
                "name": file_name,
                "data": base64.b64encode(raw).decode("ascii"),
            },
            salt=SIGNING_SALT,
        )

    def commit(self, payload: str) -> HttpResponse:
        try:
            upload = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
        except signing.BadSignature:  # also when expired
            return self.page(form=UploadForm(), problem=BAD_PAYLOAD, status=400)
        if (upload.get("tenant"), upload.get("member")) != (self.tenant.pk, self.membership.pk):
            return self.page(form=UploadForm(), problem=BAD_PAYLOAD, status=400)
        try:
            outcome = read_file(
                tenant=self.tenant,
                raw=base64.b64decode(upload["data"]),
                commit=True,
                by=self.request.user,
            )
        except FileRefused as exc:
            return self.page(form=UploadForm(), problem=str(exc), status=400)
        if not outcome.committed:
            return self.page(
                form=UploadForm(), outcome=outcome, file_name=upload["name"], status=409
            )
        begroting = outcome.begroting
        messages.success(
            self.request,
            f"Het bestand {upload['name']} is ingelezen als nieuwe conceptbegroting: "
            f"{outcome.summary}.",
        )
        return redirect(_url("begroting_detail", self.tenant.code, begroting_id=begroting.pk))

    def page(self, *, status: int = 200, **context) -> HttpResponse:
        outcome: Outcome | None = context.get("outcome")
        context.update(
            import_url=_url("begroting_import", self.tenant.code),
            list_url=_url("begroting_list", self.tenant.code),
            schema_id=SCHEMA_ID,
            table=outcome.table if outcome is not None else None,
        )
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"  # the preview carries the uploaded file
        return response


# --- The version page's panel -----------------------------------------------------------------


@panel(order=60, template="finance/exchange/_panel.html")
def exchange(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict | None:
    """Downloads for every reader of the version; reading a begroting in for the bestuurder."""
    code = begroting.tenant.code
    may_import = can(http_request.membership, EXCHANGE)
    return {
        "export_xlsx_url": _url("begroting_export_xlsx", code, begroting_id=begroting.pk),
        "export_json_url": _url("begroting_export_json", code, begroting_id=begroting.pk),
        "import_url": _url("begroting_import", code) if may_import else None,
        "schema_id": SCHEMA_ID,
    }
