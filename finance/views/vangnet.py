"""The vangnet's pages (Bijlage 2): the overview per school year, a school's figures and
computation, the claim (declaratie) with its steps, and the PDF.

Who may: ``finance.view_vangnet`` reads (the bestuurder every school, a zorgcoördinator their
own schools only: another school is a 404); ``finance.handle_vangnet`` (the bestuurder) enters
figures and handles claims (a 403 for a reader). Toezicht and the inspectie see none of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.core.access import ObjectAccess, capability_check
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from .. import vangnet_claims as claims
from .. import vangnet_data as data
from ..filters import ClaimListFilter
from ..forms_vangnet import (
    ApproveForm,
    ClaimRegisterForm,
    DuoImportForm,
    FigureForm,
    PayForm,
    RefuseForm,
    VerifyForm,
)
from ..models import ClaimStatus, VangnetClaim, VangnetFigure
from ..selectors import HANDLE_VANGNET, VIEW_VANGNET
from ..tables import ClaimTable

CLAIMS: ObjectAccess[VangnetClaim] = ObjectAccess(
    lambda membership: data.claim_list(membership=membership),
    may_write=capability_check(HANDLE_VANGNET),
    not_found="Deze declaratie bestaat niet of u mag haar niet inzien.",
    read_only="Alleen de bestuurder handelt vangnetdeclaraties af.",
)


def get_school_for_vangnet(request: HttpRequest, school_id: int):
    school = data.vangnet_schools(membership=request.membership).filter(pk=school_id).first()
    if school is None:
        raise Http404("Deze school bestaat niet of u mag haar vangnet niet inzien.")
    return school


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404("Dit schooljaar bestaat niet.") from None
    if not 2000 <= year <= 2098:
        raise Http404("Dit schooljaar bestaat niet.")
    return year


def school_url(request: HttpRequest, school_id: int, school_year: int) -> str:
    return reverse(
        "finance:vangnet_school",
        kwargs={
            "tenant_code": request.tenant.code,
            "school_id": school_id,
            "school_year": school_year,
        },
    )


def claim_url(request: HttpRequest, claim: VangnetClaim) -> str:
    return reverse(
        "finance:claim_detail", kwargs={"tenant_code": request.tenant.code, "claim_id": claim.pk}
    )


class VangnetView(TenantListView):
    """The special-education schools of a school year with their computation, then the claims
    this member may see (a zorgcoördinator: their own schools')."""

    capability = VIEW_VANGNET
    table_class = ClaimTable
    filterset_class = ClaimListFilter
    template_name = "finance/vangnet/vangnet.html"
    page_title = "Vangnet"
    intro = (
        "Een school voor speciaal onderwijs die van 2 februari tot 1 juni meer leerlingen met een "
        "TLV kreeg dan van 1 september tot 1 februari, kan een vangnetdeclaratie indienen."
    )

    def get_queryset(self):
        return data.claim_list(membership=self.membership)

    def get_context_data(self, **kwargs):
        current = data.current_school_year()
        raw = self.request.GET.get("schooljaar")
        year = _year(raw) if raw else current
        schools = list(data.special_schools(membership=self.membership))
        figures = data.figures_of(tenant=self.tenant, schools=schools, school_year=year)
        return super().get_context_data(
            school_year=year,
            school_year_label=data.school_year_label(year),
            years=sorted({*range(current - 3, current + 1), year}, reverse=True),
            overview=[figures[s.pk] for s in schools],
            can_import=self.can(HANDLE_VANGNET),
            **kwargs,
        )


class SchoolVangnetView(TenantPageMixin, View):
    """One school's figures of one school year, their sources, the computation step by step,
    its claim (or "Declaratie vastleggen") and the forms to overrule a figure."""

    capability = VIEW_VANGNET
    template_name = "finance/vangnet/school.html"

    def get(self, request: HttpRequest, school_id: int, school_year: int) -> HttpResponse:
        school = get_school_for_vangnet(request, school_id)
        return self.page(request, school, _year(school_year))

    def page(self, request, school, school_year, *, figure_form=None, claim_form=None, status=200):
        figures = data.school_figures(school=school, school_year=school_year)
        may_handle = self.can(HANDLE_VANGNET)
        own = VangnetFigure.objects.filter(school=school, school_year=school_year).order_by(
            "kind", "peildatum", "category"
        )
        context = {
            "school": school,
            "figures": figures,
            "outcome": figures.outcome,
            "special": data.is_special(school),
            "may_handle": may_handle,
            "own_figures": list(own) if may_handle else [],
            "figure_form": figure_form or FigureForm(sbo=figures.sbo),
            "claim_form": claim_form or ClaimRegisterForm(),
            "deadline": VangnetClaim(school_year=school_year).deadline,
            "years": range(school_year - 2, school_year + 3),
        }
        return render(request, self.template_name, context, status=status)


class _SchoolWrite(SchoolVangnetView):
    capability = HANDLE_VANGNET
    http_method_names = ["post"]


class FigureSaveView(_SchoolWrite):
    def post(self, request: HttpRequest, school_id: int, school_year: int) -> HttpResponse:
        school = get_school_for_vangnet(request, school_id)
        school_year = _year(school_year)
        form = FigureForm(request.POST, sbo=data.is_sbo(school))
        if form.is_valid():
            try:
                data.figure_save(
                    school=school, school_year=school_year, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "Het cijfer is opgeslagen. De berekening is bijgewerkt.")
                return redirect(school_url(request, school.pk, school_year))
        return self.page(request, school, school_year, figure_form=form, status=400)


class ClaimRegisterView(_SchoolWrite):
    def post(self, request: HttpRequest, school_id: int, school_year: int) -> HttpResponse:
        school = get_school_for_vangnet(request, school_id)
        school_year = _year(school_year)
        form = ClaimRegisterForm(request.POST)
        if form.is_valid():
            try:
                claim = claims.claim_register(
                    school=school, school_year=school_year, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                late = (
                    f" Let op: de declaratie is te laat (na {claim.deadline:%d-%m-%Y})."
                    if claim.is_late
                    else ""
                )
                messages.success(request, f"De declaratie is vastgelegd.{late}")
                return redirect(claim_url(request, claim))
        return self.page(request, school, school_year, claim_form=form, status=400)


class FigureDeleteView(TenantPageMixin, View):
    """Confirm, then remove an own figure: the cell goes back to the Loket's count."""

    capability = HANDLE_VANGNET
    template_name = "finance/vangnet/figure_delete.html"

    def _figure(self, request, figure_id: int) -> VangnetFigure:
        figure = VangnetFigure.objects.filter(pk=figure_id).select_related("school").first()
        if figure is None:
            raise Http404("Dit cijfer bestaat niet (meer).")
        return figure

    def get(self, request: HttpRequest, figure_id: int) -> HttpResponse:
        figure = self._figure(request, figure_id)
        back = school_url(request, figure.school_id, figure.school_year)
        return render(request, self.template_name, {"figure": figure, "back": back})

    def post(self, request: HttpRequest, figure_id: int) -> HttpResponse:
        figure = self._figure(request, figure_id)
        back = school_url(request, figure.school_id, figure.school_year)
        data.figure_delete(figure=figure)
        messages.success(request, "Het cijfer is verwijderd. Het Loket telt weer zelf.")
        return redirect(back)


class ClaimDetailView(TenantPageMixin, View):
    capability = VIEW_VANGNET
    template_name = "finance/vangnet/claim.html"

    def get(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        claim, may_write = CLAIMS.get_for_user(request, claim_id)
        return self.page(request, claim, may_write)

    def page(self, request, claim, may_write, *, forms=None, status=200):
        figures = data.school_figures(school=claim.school, school_year=claim.school_year)
        forms = forms or {}
        context = {
            "claim": claim,
            "figures": figures,
            "stored": claim.figures or {},
            "may_write": may_write,
            "difference": (
                claim.amount_claimed - figures.outcome.total
                if claim.amount_claimed is not None
                else None
            ),
            "verify_form": forms.get("verify") or VerifyForm(),
            "approve_form": forms.get("approve")
            or ApproveForm(initial={"amount_approved": _plain(claim.amount_computed)}),
            "refuse_form": forms.get("refuse") or RefuseForm(),
            "pay_form": forms.get("pay") or PayForm(),
            "can_verify": claim.status == ClaimStatus.SUBMITTED,
            "can_decide": claim.status == ClaimStatus.VERIFIED,
            "can_refuse": claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED),
            "can_pay": claim.status == ClaimStatus.APPROVED,
        }
        return render(request, self.template_name, context, status=status)


def _plain(amount) -> str:
    from ..vangnet import euros

    return euros(amount) if amount is not None and amount > 0 else ""


class _ClaimStep(ClaimDetailView):
    capability = HANDLE_VANGNET
    http_method_names = ["post"]
    form_class: type = VerifyForm
    key = ""
    done = ""

    def post(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        claim = CLAIMS.get_for_writing(request, claim_id)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(claim, form.cleaned_data, request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, self.done)
                return redirect(claim_url(request, claim))
        claim.refresh_from_db()
        return self.page(request, claim, True, forms={self.key: form}, status=400)

    def act(self, claim, cleaned, by) -> None:  # pragma: no cover - each step overrides it
        raise NotImplementedError


class ClaimVerifyView(_ClaimStep):
    form_class, key, done = VerifyForm, "verify", "De declaratie is geverifieerd."

    def act(self, claim, cleaned, by):
        claims.claim_verify(claim=claim, note=cleaned["note"], by=by)


class ClaimApproveView(_ClaimStep):
    form_class, key = ApproveForm, "approve"
    done = "De declaratie is goedgekeurd. Het bedrag staat in de begroting van het betaaljaar."

    def act(self, claim, cleaned, by):
        claims.claim_approve(
            claim=claim, amount_approved=cleaned["amount_approved"], reason=cleaned["reason"], by=by
        )


class ClaimRefuseView(_ClaimStep):
    form_class, key, done = RefuseForm, "refuse", "De declaratie is afgewezen."

    def act(self, claim, cleaned, by):
        claims.claim_refuse(claim=claim, reason=cleaned["reason"], by=by)


class ClaimPayView(_ClaimStep):
    form_class, key, done = PayForm, "pay", "De declaratie is als betaald gemarkeerd."

    def act(self, claim, cleaned, by):
        claims.claim_pay(claim=claim, paid_on=cleaned["paid_on"], by=by)


class DuoImportView(TenantPageMixin, View):
    """DUO's figures from a file: always checked first; "Controleren en opslaan" saves only a
    file without errors, all rows at once."""

    capability = HANDLE_VANGNET
    template_name = "finance/vangnet/import.html"

    def years(self) -> list[int]:
        current = data.current_school_year()
        return list(range(current, current - 4, -1))

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DuoImportForm(years=self.years(), initial={"school_year": self.years()[0]})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        from swvportal.core.imports import run_import

        from ..vangnet_import import DuoFigureImporter

        form = DuoImportForm(request.POST, request.FILES, years=self.years())
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        year = form.cleaned_data["school_year"]
        commit = "opslaan" in request.POST
        report = run_import(
            lambda: DuoFigureImporter(tenant=request.tenant, school_year=year, by=request.user),
            form.dataset,
            commit=commit,
        )
        if report.committed:
            messages.success(
                request,
                f"{report.new + report.updated} cijfer(s) van DUO opgeslagen voor "
                f"{data.school_year_label(year)}; {report.unchanged} ongewijzigd.",
            )
            return redirect(
                reverse("finance:vangnet", kwargs={"tenant_code": request.tenant.code})
                + f"?schooljaar={year}"
            )
        context = {"form": form, "report": report, "checked_only": not commit}
        return render(request, self.template_name, context, status=200 if report.ok else 400)


class VangnetPdfView(TenantPageMixin, View):
    """A new PDF of the school's figures and computation, through the document pipeline."""

    capability = VIEW_VANGNET
    http_method_names = ["post"]

    def post(self, request: HttpRequest, school_id: int, school_year: int) -> HttpResponse:
        from swvportal.documents.services import document_issue

        school = get_school_for_vangnet(request, school_id)
        school_year = _year(school_year)
        try:
            document = document_issue(
                tenant=request.tenant,
                kind="vangnet",
                by=request.user,
                school=school,
                school_year=school_year,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(school_url(request, school.pk, school_year))
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type="application/pdf",
        )
