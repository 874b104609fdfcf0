"""The deskundigen's pages: the Loket manages them and assigns two to a request; a deskundige
writes and signs their own advice. Plus the advices panel on the request's page.

Every response that shows an advice's content logs one read per advice shown; a page that shows
a request's data logs a read of the request.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import LoggedListView, TenantListView
from swvportal.tenancy.models import School

from ..access import (
    MANAGE_DESKUNDIGEN,
    get_advice_for_user,
    get_deskundige_for_writing,
    get_tlv_request_for_user,
)
from ..forms.loket_advice import AdviceForm, AssignForm, DeskundigeCreateForm, DeskundigeForm
from ..models.loket import Advice, Deskundige, Discipline, LoketSettings, TlvKind, TlvRequest
from ..selectors import loket_advice as selectors
from ..services import loket_advice as services
from ..services import loket_rules as rules
from ..services import loket_workflow as workflow
from .loket_advice_tables import AdviceFilter, AdviceTable, DeskundigeFilter, DeskundigeTable
from .loket_panels import panel

HANDLE_TLV = selectors.HANDLE_TLV
WRITE_ADVICE = selectors.WRITE_ADVICE


def _log_advices(request: HttpRequest, shown: list[selectors.AdviceShown]) -> None:
    for one in shown:
        if one.show_content:
            log_read(
                request, one.advice, what="deskundigenadvies", request_id=one.advice.request_id
            )


def independence_to_solve(tlv: TlvRequest, advices: list[Advice]) -> list[str]:
    """What still stands between these advices and a decision (the check as the decision will
    run it): what the Loket still has to solve."""
    return rules.independence_problems(
        workflow.assigned(advices),
        requesting_school_id=tlv.school_id,
        settings=workflow.settings_of(tlv),
        for_decision=True,
    )


def _disciplines(codes: list[str]) -> str:
    names = [str(dict(Discipline.choices).get(c, c)).lower() for c in codes]
    return " of ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) or "—"


def assignment_rules_text(settings: LoketSettings) -> str:
    """The tenant's independence rules in one sentence, for the page where they apply."""
    parts = [
        f"de eerste deskundige is een {_disciplines(settings.first_disciplines)}",
        f"de tweede een {_disciplines(settings.second_disciplines)}",
    ]
    for word, may in (
        ("eerste", settings.first_may_work_at_school),
        ("tweede", settings.second_may_work_at_school),
    ):
        verb = "mag" if may else "mag niet"
        parts.append(f"de {word} {verb} werken op de aanvragende school")
    return "; ".join(parts) + "; niemand geeft beide adviezen."


# --- The request's page: the advices panel ------------------------------------------------------


@panel(order=30, template="loket/advice/_panel.html")
def advices(http_request: HttpRequest, tlv: TlvRequest, can_write: bool) -> dict | None:
    membership = http_request.membership
    found = selectors.advices_of(tlv)
    settings = workflow.settings_of(tlv)
    shown = selectors.advices_shown(
        membership=membership, tlv=tlv, advices=found, settings=settings
    )
    _log_advices(http_request, shown)
    is_loket = can(membership, HANDLE_TLV)
    handling = tlv.status in services.ASSIGNABLE_STATUSES
    return {
        "tlv": tlv,
        "shown": shown,
        "is_loket": is_loket,
        "problems": independence_to_solve(tlv, found) if is_loket and handling else [],
        "can_assign": is_loket and handling,
        "for_vso": tlv.kind == TlvKind.VSO,
    }


# --- Deskundigen (the Loket) --------------------------------------------------------------------


class DeskundigeListView(TenantListView):
    capability = MANAGE_DESKUNDIGEN
    table_class = DeskundigeTable
    filterset_class = DeskundigeFilter
    template_name = "loket/advice/deskundige_list.html"
    page_title = "Deskundigen"
    intro = (
        "De deskundigen die het Loket kan vragen om een advies, met hun discipline en de scholen "
        "waar zij werken."
    )

    def get_queryset(self):
        return selectors.deskundige_list(tenant=self.tenant)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            has_any=Deskundige.objects.filter(tenant=self.tenant).exists(),
            has_candidates=selectors.deskundige_candidates(tenant=self.tenant).exists(),
            **kwargs,
        )


def _tenant_schools(tenant):
    return School.objects.filter(tenant=tenant).order_by("name")


class DeskundigeCreateView(TenantPageMixin, View):
    capability = MANAGE_DESKUNDIGEN
    template_name = "loket/advice/deskundige_form.html"

    def _form(self, data=None) -> DeskundigeCreateForm:
        return DeskundigeCreateForm(
            data,
            schools=_tenant_schools(self.tenant),
            candidates=selectors.deskundige_candidates(tenant=self.tenant),
            initial={"active": True},
        )

    def _page(self, form, status: int = 200) -> HttpResponse:
        has_candidates = form.fields["membership"].queryset.exists()
        context = {"form": form, "creating": True, "has_candidates": has_candidates}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            membership = data.pop("membership")
            try:
                deskundige = services.deskundige_create(
                    membership=membership, data=data, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"{deskundige.name} is toegevoegd als deskundige.")
                return redirect("loket:deskundige_list", tenant_code=self.tenant.code)
        return self._page(form, status=422)


class DeskundigeEditView(TenantPageMixin, View):
    capability = MANAGE_DESKUNDIGEN
    template_name = "loket/advice/deskundige_form.html"

    def _page(self, deskundige, form, status: int = 200) -> HttpResponse:
        context = {"form": form, "deskundige": deskundige}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, deskundige_id: int) -> HttpResponse:
        deskundige = get_deskundige_for_writing(request, deskundige_id)
        form = DeskundigeForm(instance=deskundige, schools=_tenant_schools(self.tenant))
        return self._page(deskundige, form)

    def post(self, request: HttpRequest, deskundige_id: int) -> HttpResponse:
        deskundige = get_deskundige_for_writing(request, deskundige_id)
        form = DeskundigeForm(
            request.POST,
            instance=Deskundige(pk=deskundige.pk, tenant=self.tenant),
            schools=_tenant_schools(self.tenant),
        )
        if form.is_valid():
            try:
                services.deskundige_update(
                    deskundige=deskundige, data=form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"De gegevens van {deskundige.name} zijn opgeslagen.")
                return redirect("loket:deskundige_list", tenant_code=self.tenant.code)
        return self._page(deskundige, form, status=422)


# --- Assignment (the Loket) ---------------------------------------------------------------------


class AdviceAssignView(TenantPageMixin, View):
    """Choose the first and the second deskundige; replacing one asks for confirmation."""

    capability = HANDLE_TLV
    template_name = "loket/advice/assign.html"

    def _form(self, tlv, current, data=None) -> AssignForm:
        keep = [a.deskundige for a in current]
        initial = {"first" if a.position == 1 else "second": a.deskundige.pk for a in current}
        deskundigen = selectors.assignable_deskundigen(tenant=self.tenant, keep=keep)
        return AssignForm(data, deskundigen=deskundigen, initial=initial)

    def _page(self, tlv, current, form, *, status=200, template=None, **extra) -> HttpResponse:
        log_read(self.request, tlv, what="deskundigen toewijzen")
        context = {
            "tlv": tlv,
            "current": current,
            "form": form,
            "problems": independence_to_solve(tlv, current),
            "can_assign": tlv.status in services.ASSIGNABLE_STATUSES,
            "rules_text": assignment_rules_text(workflow.settings_of(tlv)),
            **extra,
        }
        return render(self.request, template or self.template_name, context, status=status)

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        current = selectors.advices_of(tlv)
        return self._page(tlv, current, self._form(tlv, current))

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        current = selectors.advices_of(tlv)
        form = self._form(tlv, current, request.POST)
        if form.is_valid():
            chosen = {1: form.cleaned_data["first"], 2: form.cleaned_data["second"]}
            replaced = services.replacements(tlv, chosen)
            if replaced and not form.cleaned_data["confirm"]:
                return self._page(
                    tlv,
                    current,
                    form,
                    template="loket/advice/assign_confirm.html",
                    replaced=replaced,
                    chosen=chosen,
                )
            try:
                services.advice_assign(tlv=tlv, first=chosen[1], second=chosen[2], by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De deskundigen zijn toegewezen.")
                return redirect("loket:advice_assign", tenant_code=self.tenant.code, tlv_id=tlv.pk)
        return self._page(tlv, current, form, status=422)


# --- The advice (its own deskundige) ------------------------------------------------------------


def _advice_url(advice: Advice, name: str = "loket:advice_edit") -> str:
    return reverse(name, kwargs={"tenant_code": advice.request.tenant.code, "advice_id": advice.pk})


class AdviceListView(LoggedListView):
    """ "Mijn adviezen": the requests assigned to this deskundige, with the state of their own
    advice (and nothing of anyone else's)."""

    capability = WRITE_ADVICE
    table_class = AdviceTable
    filterset_class = AdviceFilter
    template_name = "loket/advice/advice_list.html"
    page_title = "Mijn adviezen"
    intro = "De aanvragen waarvoor het Loket u om een advies heeft gevraagd."
    read_what = "lijst mijn adviezen"

    def get_queryset(self):
        return selectors.advice_worklist(membership=self.membership)


class _OwnAdviceView(TenantPageMixin, View):
    capability = WRITE_ADVICE

    def _advice(self, advice_id: int) -> Advice:
        # Reading and writing an advice are one rule (its own deskundige): 404 for anyone else.
        advice, _ = get_advice_for_user(self.request, advice_id)
        return advice

    def _context(self, advice: Advice) -> dict:
        tlv = advice.request
        found = selectors.advices_of(tlv)
        shown = selectors.advices_shown(
            membership=self.membership, tlv=tlv, advices=found, settings=workflow.settings_of(tlv)
        )
        others = [s for s in shown if not s.is_own]
        _log_advices(self.request, shown)  # the own advice and whatever else is shown
        return {"advice": advice, "tlv": tlv, "others": others}


class AdviceEditView(_OwnAdviceView):
    """Write the advice while it is a draft; once signed, the same address reads it."""

    def _form(self, advice: Advice, data=None) -> AdviceForm:
        initial = {
            "revision": advice.revision,
            "declare_no_involvement": advice.no_involvement_declared_on is not None,
            "conclusion": advice.conclusion,
            "advised_category": advice.advised_category,
            "reasoning": advice.reasoning,
            "advised_on": advice.advised_on,
            "personal": advice.personal,
        }
        return AdviceForm(data, initial=initial, for_vso=advice.request.kind == TlvKind.VSO)

    def _page(self, advice: Advice, form=None, status: int = 200) -> HttpResponse:
        context = self._context(advice)
        if advice.is_submitted:
            return render(self.request, "loket/advice/advice_read.html", context)
        context["form"] = form or self._form(advice)
        context["submit_problems"] = services.submit_problems(advice)
        return render(self.request, "loket/advice/advice_form.html", context, status=status)

    def get(self, request: HttpRequest, advice_id: int) -> HttpResponse:
        return self._page(self._advice(advice_id))

    def post(self, request: HttpRequest, advice_id: int) -> HttpResponse:
        advice = self._advice(advice_id)
        form = self._form(advice, request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                saved = services.advice_update(
                    advice=advice,
                    data=data,
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                if "indienen" in request.POST:
                    return redirect(_advice_url(saved, "loket:advice_submit"))
                messages.success(request, "Uw advies is opgeslagen als concept.")
                return redirect(_advice_url(saved))
        return self._page(advice, form, status=422)


class AdviceSubmitView(_OwnAdviceView):
    """The confirmation step before signing: after it the advice cannot change."""

    template_name = "loket/advice/advice_submit.html"

    def _page(self, advice: Advice, errors=None, status: int = 200) -> HttpResponse:
        context = self._context(advice)
        context["problems"] = errors or services.submit_problems(advice)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, advice_id: int) -> HttpResponse:
        advice = self._advice(advice_id)
        if advice.is_submitted:
            messages.info(request, "Dit advies is al ingediend.")
            return redirect(_advice_url(advice))
        return self._page(advice)

    def post(self, request: HttpRequest, advice_id: int) -> HttpResponse:
        advice = self._advice(advice_id)
        try:
            services.advice_submit(advice=advice, by=request.user)
        except ValidationError as exc:
            return self._page(advice, errors=exc.messages, status=422)
        messages.success(
            request, "Uw advies is ingediend en ondertekend. Het Loket kan het nu lezen."
        )
        return redirect(_advice_url(advice))
