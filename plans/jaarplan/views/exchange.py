"""Excel and JSON downloads of a jaarplan, and reading activities in from Excel.

* ``jaarplan_export`` / ``jaarplan_export_json``: for whoever may read the jaarplan (toezicht
  and inspectie: only vastgestelde versions; a concept is a 404 for them).
* ``jaarplan_import``: the bestuurder (``plans.import_jaarplan``), on a concept only: upload →
  the dry run (what would be made, each bad row with its errors) → "Inlezen" (the file carried
  along, signed, so it needs no second upload) → the jaarplan page with a message. The rules
  live in ``plans.jaarplan.exchange_import``; a jaarplan file is small, so it is read while the
  member waits (no background job).
* The panel on the jaarplan page (order 40) links to all three.
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.downloads import attachment
from swvportal.core.imports import ImportFileError
from swvportal.core.mixins import TenantPageMixin

from ...models import Jaarplan
from ..access import get_jaarplan_for_user
from ..exchange import (
    JSON_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    dumps,
    export_filename,
    export_jaarplan,
    import_activities,
    jaarplan_xlsx,
    read_workbook,
)
from ..exchange_cells import MAX_FILE_BYTES, REQUIRED
from ..exchange_import import ImportOutcome, ensure_concept
from ..exchange_xlsx import EVALUATIE, EVALUATIE_TOELICHTING, ONTWIKKELDOEL, PIJLER
from .panels import panel

VIEW = "plans.view_jaarplan"
IMPORT = "plans.import_jaarplan"
SIGNING_SALT = "plans.jaarplan.exchange.import"
SIGNED_MAX_AGE = 60 * 60  # seconds: a checked file can be read in for an hour
COLUMN_HELP = [
    (PIJLER, "Alleen ter informatie; mag ontbreken."),
    (
        "Doel (nummer)",
        "Het nummer van het ontwikkeldoel, zoals 1.3. Leeg bij een aanvullend "
        "(beleidsmatig) verbeterpunt.",
    ),
    (ONTWIKKELDOEL, "Alleen ter informatie; mag ontbreken."),
    ("Stap", "De letter van de stap van dat doel, zoals a."),
    (
        "Verbeterpunt",
        "De tekst van de stap of van het aanvullende verbeterpunt. Een aanvullend "
        "verbeterpunt dat er nog niet is, wordt gemaakt.",
    ),
    ("Beoogd resultaat", "Verplicht bij elke activiteit."),
    ("Wat", "Wat er gebeurt."),
    ("Wie", "Wie het doet (vrije tekst)."),
    ("Wanneer gereed", "Een datum (1-8-2027 of 1 augustus 2027) of een maand (juni 2027)."),
    ("Status", "Niet gestart, Loopt, Gereed, Vertraagd of Vervallen. Leeg: niet gestart."),
    ("Toelichting", "Verplicht bij Vertraagd en Vervallen."),
    (
        f"{EVALUATIE}, {EVALUATIE_TOELICHTING}",
        "Worden niet ingelezen: een concept is nog niet geëvalueerd.",
    ),
]
BAD_PAYLOAD = (
    "De gegevens om in te lezen zijn niet (meer) geldig. Kies het bestand opnieuw en laat het "
    "nog eens controleren."
)


def jaarplan_url(jaarplan: Jaarplan) -> str | None:
    """The jaarplan's page, once that part is there."""
    try:
        return reverse(
            "jaarplan:jaarplan_detail",
            kwargs={"tenant_code": jaarplan.tenant.code, "jaarplan_id": jaarplan.pk},
        )
    except NoReverseMatch:
        return None


def exchange_url(name: str, jaarplan: Jaarplan) -> str:
    return reverse(
        f"jaarplan:{name}",
        kwargs={"tenant_code": jaarplan.tenant.code, "jaarplan_id": jaarplan.pk},
    )


class ExportXlsxView(TenantPageMixin, View):
    capability = VIEW

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan, _may_change = get_jaarplan_for_user(request, jaarplan_id)
        return attachment(
            jaarplan_xlsx(jaarplan), XLSX_CONTENT_TYPE, export_filename(jaarplan, "xlsx")
        )


class ExportJsonView(TenantPageMixin, View):
    capability = VIEW

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan, _may_change = get_jaarplan_for_user(request, jaarplan_id)
        content = dumps(export_jaarplan(jaarplan)).encode("utf-8")
        return attachment(content, JSON_CONTENT_TYPE, export_filename(jaarplan, "json"))


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Excel-bestand (.xlsx)",
        help_text="Hoogstens 5 MB. Een export van een jaarplan, of een bestand met dezelfde "
        "kolommen op het tabblad 'Jaarplan'.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # refused before a byte of it is read
            raise ValidationError(
                f"Het bestand is {upload.size / 2**20:.1f} MB groot. Een jaarplan mag hoogstens "
                f"{MAX_FILE_BYTES // 2**20} MB zijn."
            )
        self.raw = upload.read()
        try:
            self.dataset = read_workbook(self.raw)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


class ImportView(TenantPageMixin, View):
    capability = IMPORT
    template_name = "plans/jaarplan/exchange/import.html"

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan, _may_change = get_jaarplan_for_user(request, jaarplan_id)
        return self.page(jaarplan, form=UploadForm())

    def post(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan, _may_change = get_jaarplan_for_user(request, jaarplan_id)
        if not jaarplan.is_editable:
            return self.page(jaarplan, form=None, status=409)
        if "payload" in request.POST:
            return self.commit(jaarplan, request.POST["payload"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(jaarplan, form=form, status=422)
        file_name = form.cleaned_data["file"].name
        outcome = import_activities(
            jaarplan=jaarplan, dataset=form.dataset, commit=False, by=request.user
        )
        changes = outcome.count("nieuw") + outcome.count("bijgewerkt")
        worth_it = outcome.ok and bool(changes or outcome.new_improvements)
        payload = self.sign(jaarplan, file_name, form.raw) if worth_it else ""
        return self.page(
            jaarplan, form=UploadForm(), outcome=outcome, file_name=file_name, payload=payload
        )

    def sign(self, jaarplan: Jaarplan, file_name: str, raw: bytes) -> str:
        return signing.dumps(
            {
                "tenant": self.tenant.pk,
                "member": self.membership.pk,
                "jaarplan": jaarplan.pk,
                "name": file_name,
                "data": base64.b64encode(raw).decode("ascii"),
            },
            salt=SIGNING_SALT,
        )

    def commit(self, jaarplan: Jaarplan, payload: str) -> HttpResponse:
        try:
            upload = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
        except signing.BadSignature:  # also when expired
            return self.page(jaarplan, form=UploadForm(), problem=BAD_PAYLOAD, status=400)
        expected = (self.tenant.pk, self.membership.pk, jaarplan.pk)
        if (upload.get("tenant"), upload.get("member"), upload.get("jaarplan")) != expected:
            return self.page(jaarplan, form=UploadForm(), problem=BAD_PAYLOAD, status=400)
        try:
            dataset = read_workbook(base64.b64decode(upload["data"]))
            outcome = import_activities(
                jaarplan=jaarplan, dataset=dataset, commit=True, by=self.request.user
            )
        except (ImportFileError, ValidationError) as exc:
            text = str(exc) if isinstance(exc, ImportFileError) else " ".join(exc.messages)
            return self.page(jaarplan, form=UploadForm(), problem=text, status=400)
        if not outcome.committed:  # the jaarplan changed since the dry run
            return self.page(
                jaarplan, form=UploadForm(), outcome=outcome, file_name=upload["name"], status=409
            )
        messages.success(self.request, summary(outcome, file_name=upload["name"]))
        return redirect(jaarplan_url(jaarplan) or exchange_url("jaarplan_import", jaarplan))

    def page(self, jaarplan: Jaarplan, *, status: int = 200, **context) -> HttpResponse:
        refusal = ""
        try:
            ensure_concept(jaarplan)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        context.update(
            jaarplan=jaarplan,
            refusal=refusal,
            jaarplan_url=jaarplan_url(jaarplan),
            export_url=exchange_url("jaarplan_export", jaarplan),
            import_url=exchange_url("jaarplan_import", jaarplan),
            required=REQUIRED,
            columns=COLUMN_HELP,
        )
        outcome = context.get("outcome")
        if outcome is not None:
            context["counts"] = {
                "nieuw": outcome.count("nieuw"),
                "bijgewerkt": outcome.count("bijgewerkt"),
                "ongewijzigd": outcome.count("ongewijzigd"),
                "leeg": sum(1 for row in outcome.rows if row.action.startswith("geen")),
            }
            # The rows that change something; the others are only counted.
            context["changes"] = [r for r in outcome.rows if r.action in ("nieuw", "bijgewerkt")]
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"  # the preview carries the uploaded file
        return response


def summary(outcome: ImportOutcome, *, file_name: str) -> str:
    """The message after reading a file in: what it made and changed."""
    new = outcome.count("nieuw")
    parts = [
        f"{new} nieuwe {'activiteit' if new == 1 else 'activiteiten'}",
        f"{outcome.count('bijgewerkt')} bijgewerkt",
        f"{outcome.count('ongewijzigd')} ongewijzigd",
    ]
    made = len(outcome.new_improvements)
    if made:
        what = "nieuw aanvullend verbeterpunt" if made == 1 else "nieuwe aanvullende verbeterpunten"
        parts.append(f"{made} {what}")
    return f"Het bestand {file_name} is ingelezen: " + ", ".join(parts) + "."


# --- The jaarplan page's panel ------------------------------------------------------------------


@panel(order=40, template="plans/jaarplan/exchange/_panel.html")
def exchange(http_request: HttpRequest, jaarplan: Jaarplan, can_write: bool) -> dict | None:
    """Downloads for every reader; reading in for the bestuurder on a concept."""
    may_import = can(http_request.membership, IMPORT) and jaarplan.is_editable
    return {
        "export_url": exchange_url("jaarplan_export", jaarplan),
        "export_json_url": exchange_url("jaarplan_export_json", jaarplan),
        "import_url": exchange_url("jaarplan_import", jaarplan) if may_import else None,
    }
