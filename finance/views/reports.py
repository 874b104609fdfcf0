"""Part "reports" of the begroting: the reserve checks on the version's page, realisation read in
from the administratiekantoor's XLSX, the managementrapportage with the bestuurder's own
prognoses.

* Reserves panel (order 30): for bestuurder and toezicht (``finance.view_begroting_draft``), and
  for the inspectie on a vastgestelde version.
* Realisatie en rapportage panel (order 35): links, for ``finance.view_reports``.
* ``report_list`` / ``report``: ``finance.view_reports`` (bestuurder, toezicht).
* ``realisation_import`` / ``realisation_template`` / ``prognosis`` / ``prognosis_remove``:
  ``finance.import_realisation`` (the bestuurder). The upload is checked first (dry run); the
  file goes along signed with "Inlezen", so it needs no second upload.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.downloads import attachment
from swvportal.core.forms import errors_into
from swvportal.core.imports import ImportFileError
from swvportal.core.mixins import TenantPageMixin

from .. import reports
from ..access import get_begroting_for_user
from ..forms_reports import PrognosisForm, RealisationUploadForm
from ..models import Begroting, BudgetLine, Period
from ..rules import format_euros
from ..selectors import VIEW, VIEW_DRAFT, VIEW_REPORTS, begroting_reserves, page_table
from .panels import panel

IMPORT = "finance.import_realisation"
TEMPLATES = "finance/reports/"
SIGNING_SALT = "finance.reports.realisation"
SIGNED_MAX_AGE = 60 * 60
BAD_PAYLOAD = (
    "De gegevens om in te lezen zijn niet (meer) geldig. Kies het bestand opnieuw en laat het "
    "nog eens controleren."
)


def report_url(tenant, year: int, period: str, anchor: str = "") -> str:
    url = reverse(
        "finance:report",
        kwargs={"tenant_code": tenant.code, "report_year": year, "period": period},
    )
    return url + (f"#{anchor}" if anchor else "")


# --- The version page's panels ---------------------------------------------------------------


@panel(order=30, template=TEMPLATES + "_reserves_panel.html")
def reserves(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict | None:
    membership = http_request.membership
    if not (can(membership, VIEW_DRAFT) or (begroting.is_adopted and can(membership, VIEW))):
        return None
    years = begroting_reserves(begroting, page_table(begroting))
    return {"reserve_years": years, "warnings": [w for y in years for w in y.warnings]}


@panel(order=35, template=TEMPLATES + "_links_panel.html")
def realisation(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict | None:
    membership = http_request.membership
    if not begroting.is_adopted or not can(membership, VIEW_REPORTS):
        return None
    code = begroting.tenant.code
    may_import = can(membership, IMPORT)
    return {
        "list_url": reverse("finance:report_list", kwargs={"tenant_code": code}),
        "import_url": reverse("finance:realisation_import", kwargs={"tenant_code": code})
        + f"?begroting={begroting.pk}"
        if may_import
        else None,
        "template_url": reverse(
            "finance:realisation_template",
            kwargs={"tenant_code": code, "begroting_id": begroting.pk},
        )
        if may_import
        else None,
    }


# --- The list of periods and the report -------------------------------------------------------


class ReportListView(TenantPageMixin, View):
    capability = VIEW_REPORTS
    template_name = TEMPLATES + "report_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        versions = list(reports.adopted_versions(tenant=self.tenant))
        current = versions[0] if versions else None
        imported = reports.imported_periods(tenant=self.tenant)
        by_id = {v.pk: v for v in versions}
        years = sorted({y for v in versions for y in v.years} | set(imported), reverse=True)
        rows = []
        for year in years:
            done = {p.period: p for p in imported.get(year, [])}
            rows.append(
                {
                    "year": year,
                    "periods": [
                        {
                            "period": period,
                            "label": reports.period_label(period),
                            "imported": done.get(period),
                            "version": by_id.get(done[period].begroting_id)
                            if period in done
                            else None,
                            "url": report_url(self.tenant, year, period),
                        }
                        for period in reports.PERIODS
                    ],
                }
            )
        context = {
            "rows": rows,
            "current": current,
            "may_import": self.can(IMPORT),
            "import_url": reverse(
                "finance:realisation_import", kwargs={"tenant_code": self.tenant.code}
            ),
        }
        return render(request, self.template_name, context)


def _period(period: str) -> str:
    if reports.parse_period(period) is None:
        raise Http404("Deze periode bestaat niet. Kies Q1, Q2, Q3 of jaar.")
    return period


def _report_version(tenant, year: int, period: str) -> Begroting:
    begroting = reports.report_begroting(tenant=tenant, year=year, period=period)
    if begroting is None:
        raise Http404(f"Er is geen vastgestelde begroting voor {year}.")
    return begroting


class ReportView(TenantPageMixin, View):
    capability = VIEW_REPORTS
    template_name = TEMPLATES + "report.html"

    def get(self, request: HttpRequest, report_year: int, period: str) -> HttpResponse:
        period = _period(period)
        begroting = _report_version(self.tenant, report_year, period)
        return render(request, self.template_name, self.context(begroting, report_year, period))

    def context(self, begroting: Begroting, year: int, period: str, **extra) -> dict:
        report = reports.management_report(begroting=begroting, year=year, period=period)
        code = self.tenant.code
        return {
            "report": report,
            "begroting": begroting,
            "may_override": self.can(IMPORT) and report.has_realisation,
            "list_url": reverse("finance:report_list", kwargs={"tenant_code": code}),
            "begroting_url": reverse(
                "finance:begroting_detail",
                kwargs={"tenant_code": code, "begroting_id": begroting.pk},
            ),
            "import_url": reverse("finance:realisation_import", kwargs={"tenant_code": code})
            + f"?begroting={begroting.pk}&jaar={year}&periode={period}",
            "may_import": self.can(IMPORT),
            "periods": [
                (p, reports.period_label(p), report_url(self.tenant, year, p))
                for p in reports.PERIODS
            ],
            **extra,
        }


# --- Reading realisation in -------------------------------------------------------------------


class RealisationTemplateView(TenantPageMixin, View):
    capability = IMPORT

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting, _may_change = get_begroting_for_user(request, begroting_id)
        name = f"realisatie-sjabloon-{begroting.first_year}-{begroting.last_year}"
        return attachment(
            reports.realisation_template(begroting),
            reports.XLSX_CONTENT_TYPE,
            f"{name}-v{begroting.version}.xlsx",
        )


class RealisationImportView(TenantPageMixin, View):
    capability = IMPORT
    template_name = TEMPLATES + "import.html"

    def versions(self) -> list[Begroting]:
        return list(reports.adopted_versions(tenant=self.tenant))

    def form(self, versions, data=None, files=None, chosen_before=None) -> RealisationUploadForm:
        initial = {"year": timezone.localdate().year}
        chosen = self.request.GET.get("begroting")
        if chosen and chosen.isdigit() and any(v.pk == int(chosen) for v in versions):
            initial["begroting"] = int(chosen)
        year, period = self.request.GET.get("jaar", ""), self.request.GET.get("periode", "")
        if year.isdigit():
            initial["year"] = int(year)
        if period in Period.values:
            initial["period"] = period
        initial.update(chosen_before or {})
        return RealisationUploadForm(data, files, versions=versions, initial=initial)

    def get(self, request: HttpRequest) -> HttpResponse:
        versions = self.versions()
        return self.page(versions, form=self.form(versions))

    def post(self, request: HttpRequest) -> HttpResponse:
        versions = self.versions()
        if "payload" in request.POST:
            return self.commit(versions, request.POST["payload"])
        form = self.form(versions, request.POST, request.FILES)
        if not form.is_valid():
            return self.page(versions, form=form, status=422)
        data = form.cleaned_data
        try:
            outcome = reports.realisation_import(
                begroting=data["begroting"],
                year=data["year"],
                period=data["period"],
                dataset=form.dataset,
                commit=False,
            )
        except ValidationError as exc:
            errors_into(form, exc)
            return self.page(versions, form=form, status=422)
        name = data["file"].name
        payload = self.sign(outcome, name, form.raw) if outcome.ok else ""
        again = self.form(
            versions,
            chosen_before={
                "begroting": data["begroting"].pk,
                "year": data["year"],
                "period": data["period"],
            },
        )
        return self.page(versions, form=again, outcome=outcome, file_name=name, payload=payload)

    def sign(self, outcome: reports.RealisationOutcome, name: str, raw: bytes) -> str:
        return signing.dumps(
            {
                "tenant": self.tenant.pk,
                "member": self.membership.pk,
                "begroting": outcome.begroting.pk,
                "year": outcome.year,
                "period": outcome.period,
                "name": name,
                "data": base64.b64encode(raw).decode("ascii"),
            },
            salt=SIGNING_SALT,
        )

    def commit(self, versions, payload: str) -> HttpResponse:
        form = self.form(versions)
        try:
            upload = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
        except signing.BadSignature:
            return self.page(versions, form=form, problem=BAD_PAYLOAD, status=400)
        begroting = next((v for v in versions if v.pk == upload.get("begroting")), None)
        if (upload.get("tenant"), upload.get("member")) != (
            self.tenant.pk,
            self.membership.pk,
        ) or begroting is None:
            return self.page(versions, form=form, problem=BAD_PAYLOAD, status=400)
        try:
            dataset = reports.read_realisation_file(base64.b64decode(upload["data"]))
            outcome = reports.realisation_import(
                begroting=begroting,
                year=upload["year"],
                period=upload["period"],
                dataset=dataset,
                commit=True,
                by=self.request.user,
                source_name=upload["name"],
            )
        except (ImportFileError, ValidationError) as exc:
            text = str(exc) if isinstance(exc, ImportFileError) else " ".join(exc.messages)
            return self.page(versions, form=form, problem=text, status=400)
        if not outcome.committed:  # the version changed since the dry run
            return self.page(
                versions, form=form, outcome=outcome, file_name=upload["name"], status=409
            )
        messages.success(
            self.request,
            f"Realisatie {outcome.period_label} {outcome.year} ingelezen uit {upload['name']}: "
            f"{len(outcome.rows)} regels"
            + (
                f"; de {outcome.replaced} cijfers van eerder zijn vervangen."
                if outcome.replaced
                else "."
            ),
        )
        return redirect(report_url(self.tenant, outcome.year, outcome.period))

    def page(self, versions, *, status: int = 200, **context) -> HttpResponse:
        context.update(
            versions=versions,
            import_url=reverse(
                "finance:realisation_import", kwargs={"tenant_code": self.tenant.code}
            ),
            list_url=reverse("finance:report_list", kwargs={"tenant_code": self.tenant.code}),
            templates=[
                (
                    v,
                    reverse(
                        "finance:realisation_template",
                        kwargs={"tenant_code": self.tenant.code, "begroting_id": v.pk},
                    ),
                )
                for v in versions
            ],
        )
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"
        return response


# --- The bestuurder's own prognosis -----------------------------------------------------------


def _report_line(tenant, year: int, period: str, line_id: int) -> BudgetLine:
    begroting = _report_version(tenant, year, period)
    line = (
        BudgetLine.objects.filter(begroting=begroting, pk=line_id)
        .select_related("begroting", "begroting__tenant")
        .first()
    )
    if line is None:
        raise Http404("Deze begrotingsregel bestaat niet (meer).")
    return line


class _PrognosisPage(TenantPageMixin, View):
    capability = IMPORT

    def line_and_period(self, report_year: int, period: str, report_line_id: int):
        period = _period(period)
        return _report_line(self.tenant, report_year, period, report_line_id), period

    def override(self, line: BudgetLine, year: int, period: str):
        return line.prognoses.filter(year=year, period=period).first()

    def urls(self, line: BudgetLine, year: int, period: str) -> dict:
        kwargs = {
            "tenant_code": self.tenant.code,
            "report_year": year,
            "period": period,
            "report_line_id": line.pk,
        }
        return {
            "action": reverse("finance:prognosis", kwargs=kwargs),
            "remove_url": reverse("finance:prognosis_remove", kwargs=kwargs),
            "back_url": report_url(self.tenant, year, period, f"rapportregel-{line.pk}"),
        }


class PrognosisView(_PrognosisPage):
    """GET: the form (with htmx the row's part ``#form``); POST: save, back to the report."""

    template_name = TEMPLATES + "prognosis.html"

    def get(self, request, report_year: int, period: str, report_line_id: int) -> HttpResponse:
        line, period = self.line_and_period(report_year, period, report_line_id)
        if request.htmx and request.GET.get("deel") == "dicht":
            return self.row(line, report_year, period)
        override = self.override(line, report_year, period)
        initial = (
            {"amount": format_euros(override.amount), "note": override.note} if override else {}
        )
        form = PrognosisForm(initial=initial, auto_id=f"prognose-{line.pk}-%s")
        return self.respond(line, report_year, period, form, override)

    def post(self, request, report_year: int, period: str, report_line_id: int) -> HttpResponse:
        line, period = self.line_and_period(report_year, period, report_line_id)
        form = PrognosisForm(request.POST, auto_id=f"prognose-{line.pk}-%s")
        if form.is_valid():
            try:
                reports.prognosis_set(
                    line=line,
                    year=report_year,
                    period=period,
                    amount=form.cleaned_data["amount"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = (
                    f"Eigen prognose voor “{line.title}” opgeslagen: "
                    f"€ {format_euros(form.cleaned_data['amount'])}."
                )
                if request.htmx:
                    return self.row(line, report_year, period, said=said)
                messages.success(request, said)
                return redirect(self.urls(line, report_year, period)["back_url"])
        override = self.override(line, report_year, period)
        return self.respond(line, report_year, period, form, override, status=422)

    def respond(self, line, year, period, form, override, status=200) -> HttpResponse:
        template = self.template_name + ("#form" if self.request.htmx else "")
        context = {
            "line": line,
            "year": year,
            "period_label": reports.period_label(period),
            "form": form,
            "override": override,
            **self.urls(line, year, period),
        }
        return render(self.request, template, context, status=status)

    def row(self, line, year: int, period: str, said: str = "") -> HttpResponse:
        """The line's row of the report, fresh (after a save, or "Sluiten")."""
        report = reports.management_report(begroting=line.begroting, year=year, period=period)
        item = next(i for g in report.groups for i in g.lines if i.row.line.id == line.pk)
        context = {
            "report": report,
            "item": item,
            "may_override": True,
            "said": said,
        }
        return render(self.request, TEMPLATES + "report.html#row", context)


class PrognosisRemoveView(_PrognosisPage):
    template_name = TEMPLATES + "prognosis_remove.html"

    def get(self, request, report_year: int, period: str, report_line_id: int) -> HttpResponse:
        line, period = self.line_and_period(report_year, period, report_line_id)
        context = {
            "line": line,
            "year": report_year,
            "period_label": reports.period_label(period),
            "override": self.override(line, report_year, period),
            **self.urls(line, report_year, period),
        }
        return render(request, self.template_name, context)

    def post(self, request, report_year: int, period: str, report_line_id: int) -> HttpResponse:
        line, period = self.line_and_period(report_year, period, report_line_id)
        if reports.prognosis_remove(line=line, year=report_year, period=period, by=request.user):
            messages.success(
                request, f"De eigen prognose voor “{line.title}” is verwijderd: weer lineair."
            )
        else:
            messages.info(request, f"“{line.title}” had geen eigen prognose.")
        return redirect(self.urls(line, report_year, period)["back_url"])
