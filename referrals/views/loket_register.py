"""The TLV register and the Loket's money, and the import and export of historic TLVs.

* ``amount_list`` / ``amount_edit`` / ``cost_rule``: the amounts per category and calendar year,
  and who carries the cost (``referrals.change_loket_settings``);
* ``register`` / ``register_export``: per school and calendar year the TLVs in force with their
  cost (``referrals.view_tlv_register``; a zorgcoördinator sees their own schools);
* ``tlv_import`` / ``tlv_export``: historic TLVs from another system (``referrals.import_tlvs``).

Every page that shows pupil-level rows logs one read (``log_read``).
"""

from __future__ import annotations

import csv
import io
import re

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django_filters.views import FilterMixin

from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.imports import ImportFileError
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.spreadsheets import text_cell
from swvportal.core.tables import BaseTable
from swvportal.core.views_list import LoggedListView

from .. import resources, resources_loket
from ..forms.loket_register import AmountsForm, CostRuleForm, TlvUploadForm
from ..models.loket import CategoryAmount, TlvDecision
from ..selectors import loket_register as selectors
from ..services import loket_register as money
from ..services.loket_workflow import loket_settings

SETTINGS = "referrals.change_loket_settings"
REGISTER = "referrals.view_tlv_register"
IMPORT = "referrals.import_tlvs"
FIRST_YEAR = 2010


def chosen_year(value: object) -> int:
    """The ``jaar`` of the query string, or this calendar year (also for nonsense)."""
    text = str(value or "")
    if re.fullmatch(r"20[0-9]{2}", text):
        return int(text)
    return timezone.localdate().year


def year_choices() -> list[tuple[int, int]]:
    last = timezone.localdate().year + 2
    return [(y, y) for y in range(last, FIRST_YEAR - 1, -1)]


def _url(name: str, request: HttpRequest) -> str:
    return reverse(f"loket:{name}", kwargs={"tenant_code": request.tenant.code})


# --- Money --------------------------------------------------------------------------------------


class AmountListView(TenantPageMixin, View):
    capability = SETTINGS

    def get(self, request: HttpRequest) -> HttpResponse:
        by_year: dict[int, dict] = {}
        for row in CategoryAmount.objects.filter(tenant=self.tenant):
            by_year.setdefault(row.year, {})[money.amount_key(row.kind, row.category)] = row.amount
        years = [
            {"year": year, "amounts": [amounts.get(k) for k in money.AMOUNT_KEYS]}
            for year, amounts in sorted(by_year.items(), reverse=True)
        ]
        return render(
            request,
            "loket/register/amount_list.html",
            {
                "years": years,
                "keys": money.AMOUNT_KEYS,
                "settings": loket_settings(self.tenant),
                "year_choices": year_choices(),
                "this_year": timezone.localdate().year,
            },
        )


class AmountEditView(TenantPageMixin, View):
    capability = SETTINGS
    template_name = "loket/register/amount_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year = chosen_year(request.GET.get("jaar"))
        form = AmountsForm(initial_amounts=money.amounts_of_year(tenant=self.tenant, year=year))
        return self.page(form, year)

    def post(self, request: HttpRequest) -> HttpResponse:
        year = chosen_year(request.GET.get("jaar"))
        form = AmountsForm(request.POST)
        if form.is_valid():
            try:
                money.category_amounts_save(tenant=self.tenant, year=year, amounts=form.amounts())
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"De bedragen voor {year} zijn opgeslagen.")
                return redirect(_url("amount_list", request))
        return self.page(form, year, status=422)

    def page(self, form: AmountsForm, year: int, status: int = 200) -> HttpResponse:
        context = {"form": form, "year": year}
        return render(self.request, self.template_name, context, status=status)


class CostRuleView(TenantPageMixin, View):
    capability = SETTINGS
    template_name = "loket/register/cost_rule_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        current = loket_settings(self.tenant)
        form = CostRuleForm(
            initial={
                "charge_cluster_3_to_school": current.charge_cluster_3_to_school,
                "charge_cluster_4_to_school": current.charge_cluster_4_to_school,
            }
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CostRuleForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=422)
        money.cost_rule_update(tenant=self.tenant, **form.cleaned_data)
        messages.success(request, "De kostenregel is opgeslagen.")
        return redirect(_url("amount_list", request))


# --- The register -------------------------------------------------------------------------------


class RegisterFilter(django_filters.FilterSet):
    jaar = django_filters.ChoiceFilter(
        label="Kalenderjaar", choices=year_choices, method="keep", empty_label=None
    )
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=None, empty_label="Alle scholen"
    )
    kind = django_filters.ChoiceFilter(
        label="Soort", choices=TlvDecision._meta.get_field("kind").choices, empty_label="Alle"
    )

    class Meta:
        model = TlvDecision
        fields = ["jaar", "school", "kind"]

    def __init__(self, *args, schools=None, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools
        self.form.initial["jaar"] = year

    def keep(self, queryset, name, value):
        return queryset  # the year narrows the queryset itself (it also prices the rows)


class RegisterTable(BaseTable):
    nowrap_columns = ("pupil",)
    pupil = tables.Column(
        verbose_name="Leerling", accessor="pupil__pupil_number", order_by="pupil__pupil_number"
    )
    school = tables.Column(verbose_name="School", accessor="school__name")
    kind = tables.Column(verbose_name="Soort")
    cluster = tables.Column(verbose_name="Cluster", default="—")
    category = tables.Column(verbose_name="Categorie", default="—")
    start_date = tables.DateColumn(verbose_name="Ingangsdatum", format="d-m-Y")
    end_date = tables.DateColumn(verbose_name="Einddatum", format="d-m-Y")
    days = tables.Column(verbose_name="Dagen in het jaar", empty_values=(), orderable=False)
    cost = tables.Column(verbose_name="Kosten in het jaar (€)", empty_values=(), orderable=False)
    carrier = tables.Column(verbose_name="Kosten voor", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = TlvDecision
        fields = ["pupil", "school", "kind", "cluster", "category", "start_date", "end_date"]
        order_by = ("school", "pupil")
        empty_text = "In dit jaar liep geen TLV die bij deze filters past."

    def __init__(self, *args, year: int, amounts: dict, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.amounts, self.settings = year, amounts, settings

    def render_kind(self, record):
        return record.get_kind_display()

    def render_category(self, record, value):
        return record.get_category_display()

    def render_days(self, record):
        return money.year_overlap_days(record.start_date, record.end_date, self.year)

    def render_cost(self, record):
        cost = money.tlv_year_cost(record, self.year, self.amounts)
        return "geen bedrag ingesteld" if cost is None else euro(cost)

    def render_carrier(self, record):
        return money.CARRIERS[money.carried_by(record.kind, record.cluster, self.settings)]


def euro(value) -> str:
    """1234.5 → "1.234,50" (Dutch, without the sign: the column says €)."""
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents}"


class _RegisterRows:
    """The register's rows of the chosen year, filtered: for the page and for its CSV."""

    capability = REGISTER
    filterset_class = RegisterFilter

    def dispatch(self, request, *args, **kwargs):
        self.year = chosen_year(request.GET.get("jaar"))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.register_list(membership=self.membership, year=self.year)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["schools"] = selectors.register_schools(membership=self.membership)
        kwargs["year"] = self.year
        return kwargs

    def chosen_school(self):
        form = self.filterset.form
        return form.cleaned_data.get("school") if form.is_valid() else None


class RegisterView(_RegisterRows, LoggedListView):
    table_class = RegisterTable
    template_name = "loket/register/register.html"
    page_title = "TLV-register"
    read_what = "TLV-register"
    intro = (
        "Per school de TLV's die in een kalenderjaar lopen, met de kosten in dat jaar: het "
        "bedrag van de categorie naar rato van de dagen dat de TLV in dat jaar loopt."
    )

    def get_table_kwargs(self):
        return {
            "year": self.year,
            "amounts": money.amounts_of_year(tenant=self.tenant, year=self.year),
            "settings": loket_settings(self.tenant),
        }

    def read_subject(self):
        return self.chosen_school() or self.tenant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        costs = selectors.register_costs(
            membership=self.membership, year=self.year, school=self.chosen_school()
        )
        context.update(
            year=self.year,
            days_in_year=money.days_in_year(self.year),
            costs=costs,
            totals=selectors.school_totals(costs),
            settings=loket_settings(self.tenant),
            can_change_money=self.can(SETTINGS),
            can_import=self.can(IMPORT),
            query=self.request.GET.urlencode(),
        )
        return context


REGISTER_COLUMNS = [
    "school_brin",
    "school",
    "leerlingnummer",
    "soort",
    "cluster",
    "categorie",
    "ingangsdatum",
    "einddatum",
    "dagen_in_jaar",
    "bedrag_per_jaar",
    "kosten_in_jaar",
    "kosten_voor",
]


class RegisterExportView(_RegisterRows, TenantPageMixin, FilterMixin, View):
    """The register of the chosen year (and school, kind) as CSV; no paging."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.filterset = self.get_filterset(self.get_filterset_class())
        rows = self.filterset.qs.order_by("school__name", "pupil__pupil_number", "pk")
        amounts = money.amounts_of_year(tenant=self.tenant, year=self.year)
        settings = loket_settings(self.tenant)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(REGISTER_COLUMNS)
        count = 0
        for decision in rows:
            amount = amounts.get(money.amount_key(decision.kind, decision.category))
            cost = money.tlv_year_cost(decision, self.year, amounts)
            writer.writerow(
                [
                    text_cell(decision.school.brin),
                    text_cell(decision.school.name),
                    text_cell(decision.pupil.pupil_number),
                    decision.kind,
                    decision.cluster or "",
                    decision.category,
                    decision.start_date.isoformat(),
                    decision.end_date.isoformat(),
                    money.year_overlap_days(decision.start_date, decision.end_date, self.year),
                    "" if amount is None else f"{amount:.2f}",
                    "" if cost is None else f"{cost:.2f}",
                    money.carried_by(decision.kind, decision.cluster, settings),
                ]
            )
            count += 1
        log_read(
            request, self.chosen_school() or self.tenant, what="export TLV-register", count=count
        )
        response = HttpResponse(
            out.getvalue().encode("utf-8-sig"), content_type=resources_loket.CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="tlv-register-{self.tenant.code}-{self.year}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response


# --- Import and export of historic TLVs ---------------------------------------------------------

SIGNING_SALT = "referrals.loket_register.import"
SIGNED_MAX_AGE = 60 * 60


class TlvImportView(TenantPageMixin, View):
    """Upload → dry run with every row's errors → "Opslaan" (the file carried, signed) → saved,
    all or nothing."""

    capability = IMPORT
    template_name = "loket/register/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(form=TlvUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "payload" in request.POST:
            return self.commit(request.POST["payload"])
        form = TlvUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form=form, status=422)
        upload = form.cleaned_data["file"]
        raw, file_format = upload.read(), resources_loket.file_format_for(upload.name)
        try:
            dataset = resources_loket.read_file(raw, file_format)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.page(form=form, status=422)
        report = resources_loket.import_dataset(
            tenant=self.tenant, dataset=dataset, commit=False, by=request.user
        )
        # The dry run compared the file with the tenant's pupils and decisions: a read.
        log_read(request, self.tenant, what="import TLV's (proefrun)", count=report.rows)
        payload = ""
        if report.ok:
            payload = signing.dumps(
                {
                    "tenant": self.tenant.pk,
                    "member": self.membership.pk,
                    "format": file_format,
                    "name": upload.name,
                    "data": resources.pack_bytes(raw),
                },
                salt=SIGNING_SALT,
                compress=True,
            )
        return self.page(form=form, report=report, file_name=upload.name, payload=payload)

    def commit(self, payload: str) -> HttpResponse:
        form = TlvUploadForm()
        try:
            upload = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
        except signing.SignatureExpired:
            return self.page(form=form, problem=EXPIRED, status=400)
        except signing.BadSignature:
            return self.page(form=form, problem=INVALID, status=400)
        if (upload.get("tenant"), upload.get("member")) != (self.tenant.pk, self.membership.pk):
            return self.page(form=form, problem=INVALID, status=400)
        try:
            dataset = resources_loket.read_file(
                resources.unpack_bytes(upload["data"]), upload["format"]
            )
        except ImportFileError as exc:
            return self.page(form=form, problem=str(exc), status=400)
        report = resources_loket.import_dataset(
            tenant=self.tenant, dataset=dataset, commit=True, by=self.request.user
        )
        if report.committed:
            messages.success(
                self.request,
                f"Het bestand is opgeslagen: {report.new} nieuwe TLV's, {report.unchanged} "
                "waren er al.",
            )
        return self.page(form=form, report=report, file_name=upload["name"])

    def page(self, *, status: int = 200, **context) -> HttpResponse:
        context.update(
            columns=[(c, resources_loket.COLUMN_HELP[c]) for c in resources_loket.COLUMNS],
            import_url=_url("tlv_import", self.request),
            export_url=_url("tlv_export", self.request),
        )
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"  # a preview carries the uploaded pupil data
        return response


EXPIRED = (
    "Deze controle is meer dan een uur oud. Kies het bestand opnieuw en laat het nog eens "
    "controleren."
)
INVALID = (
    "De gegevens om op te slaan zijn niet geldig. Kies het bestand opnieuw en laat het nog eens "
    "controleren."
)


class ExportForm(forms.Form):
    formaat = forms.ChoiceField(choices=[("xlsx", "Excel"), ("csv", "CSV")], required=False)
    school = forms.ModelChoiceField(queryset=None, required=False)


class TlvExportView(TenantPageMixin, View):
    """Every decision of the tenant (or one school) in the import's columns."""

    capability = IMPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ExportForm(request.GET)
        form.fields["school"].queryset = selectors.register_schools(membership=self.membership)
        if not form.is_valid():
            return HttpResponse("Onbekende school of onbekend formaat.", status=400)
        file_format = form.cleaned_data["formaat"] or "xlsx"
        school = form.cleaned_data["school"]
        dataset = resources_loket.export_dataset(
            resources_loket.decision_rows(tenant=self.tenant, school=school)
        )
        log_read(request, school or self.tenant, what="export TLV's", count=dataset.height)
        content_type = (
            resources_loket.XLSX_CONTENT_TYPE
            if file_format == "xlsx"
            else resources_loket.CSV_CONTENT_TYPE
        )
        response = HttpResponse(
            resources_loket.dataset_bytes(dataset, file_format), content_type=content_type
        )
        where = school.brin if school else self.tenant.code
        response["Content-Disposition"] = f'attachment; filename="tlvs-{where}.{file_format}"'
        response["Cache-Control"] = "no-store"
        return response
