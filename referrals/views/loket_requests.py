"""The Loket's request pages: the one list for every role, a request from concept to ready for
a decision, its status steps, the questions back to the school, its access log and the Loket's
settings. Every response that shows a request logs one read (``log_read``), also a form that
comes back with errors; lists log one read with their count."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import can, visible
from swvportal.audit.services import log_read
from swvportal.audit.tables import AuditEntryTable
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import LoggedListView
from swvportal.tenancy.models import School

from ..access import get_tlv_request_for_user, get_tlv_request_for_writing
from ..forms.loket_requests import (
    LoketSettingsForm,
    MoveForm,
    SupplementAnswerForm,
    SupplementAskForm,
    TlvRequestCreateForm,
    TlvRequestForm,
)
from ..models import RequestStatus, TlvRequest
from ..selectors.loket_requests import (
    deadline_of,
    is_worklist,
    request_list_for,
    request_with_deadline,
)
from ..selectors.pupils import access_log_of
from ..services import loket_requests as requests_service
from ..services import loket_rules as rules
from ..services import loket_workflow as workflow
from . import loket_panels
from .loket_requests_tables import TlvRequestFilter, TlvRequestTable

VIEW_TLV = "referrals.view_tlv_requests"
SUBMIT_TLV = "referrals.submit_tlv_requests"
HANDLE_TLV = "referrals.handle_tlv_requests"
S = RequestStatus


def request_url(tlv: TlvRequest) -> str:
    return reverse(
        "loket:request_detail", kwargs={"tenant_code": tlv.tenant.code, "tlv_id": tlv.pk}
    )


def _submit_schools(membership):
    """The schools this member may start a request for (own schools, or all for the Loket)."""
    return visible(School.objects.all(), membership, SUBMIT_TLV, school_field="pk").order_by("name")


# --- The list -----------------------------------------------------------------------------------


class RequestListView(LoggedListView):
    capability = VIEW_TLV
    table_class = TlvRequestTable
    filterset_class = TlvRequestFilter
    template_name = "loket/requests/request_list.html"
    page_title = "TLV-aanvragen"
    read_what = "lijst TLV-aanvragen"

    @property
    def intro(self) -> str:
        if is_worklist(self.membership):
            return (
                "De werklijst van het Loket: wat is ingediend, in behandeling of wacht op een "
                "aanvulling. Over de termijn eerst, dan op behandeltermijn."
            )
        if self.can(SUBMIT_TLV):
            return "De aanvragen van uw school of scholen, ook concepten."
        return "De aanvragen waarvoor het Loket u als deskundige heeft gekozen."

    def get_queryset(self):
        return request_list_for(membership=self.membership)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # The schools of the requests this member sees (a deskundige's rule is about requests).
        shown = visible(TlvRequest.objects.all(), self.membership, VIEW_TLV).values("school_id")
        kwargs["schools"] = School.objects.filter(pk__in=shown).order_by("name")
        kwargs["worklist"] = is_worklist(self.membership)
        return kwargs

    def get_table_kwargs(self):
        if self.can(SUBMIT_TLV) and not is_worklist(self.membership):
            empty = "Er zijn geen aanvragen die hierbij passen. Start een nieuwe aanvraag met "
            empty += "de knop 'Nieuwe aanvraag'."
        elif is_worklist(self.membership):
            empty = "Er wacht niets op het Loket dat bij deze filters past. Kies bij Status "
            empty += "'Alle statussen' om ook afgeronde aanvragen te zien."
        else:
            empty = "Er zijn (nog) geen aanvragen aan u toegewezen die hierbij passen."
        weeks = workflow.loket_settings(self.tenant).handling_weeks
        return {"weeks": weeks, "empty_text": empty}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=self.can(SUBMIT_TLV),
            can_settings=self.can("referrals.change_loket_settings"),
            **kwargs,
        )


# --- Create and edit ----------------------------------------------------------------------------


class RequestCreateView(TenantPageMixin, View):
    capability = SUBMIT_TLV
    template_name = "loket/requests/request_form.html"

    def _form(self, data=None):
        return TlvRequestCreateForm(
            data,
            schools=_submit_schools(self.membership),
            settings=workflow.loket_settings(self.tenant),
            tenant=self.tenant,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            school = data.pop("school")
            data.pop("revision", None)
            try:
                tlv = requests_service.tlv_request_create(school=school, data=data, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    "De aanvraag is als concept opgeslagen. Vul het dossier aan en dien de "
                    "aanvraag in als alles compleet is.",
                )
                return redirect(request_url(tlv))
        return render(request, self.template_name, {"form": form}, status=422)


class _RequestPage(TenantPageMixin, View):
    """A page about one request: showing it is a read, also when a form comes back (422)."""

    template_name = ""
    what = ""

    def page(self, tlv: TlvRequest, context: dict, *, status: int = 200) -> HttpResponse:
        log_read(self.request, tlv, what=self.what)
        return render(self.request, self.template_name, {"tlv": tlv, **context}, status=status)


class RequestEditView(_RequestPage):
    capability = SUBMIT_TLV
    template_name = "loket/requests/request_form.html"
    what = "TLV-aanvraag bewerken"

    def _form(self, tlv: TlvRequest, data=None, **kwargs):
        return TlvRequestForm(
            data,
            instance=tlv if data is None else TlvRequest(pk=tlv.pk, tenant=tlv.tenant),
            settings=workflow.loket_settings(self.tenant),
            tenant=self.tenant,
            opps=requests_service.opp_choices(tlv),
            **kwargs,
        )

    def _closed(self, request: HttpRequest, tlv: TlvRequest) -> HttpResponse | None:
        """Back to the request, with the reason, once it can no longer change."""
        if tlv.status in requests_service.EDITABLE:
            return None
        messages.error(
            request,
            f"Een aanvraag met de status '{tlv.get_status_display()}' kunt u niet meer wijzigen.",
        )
        return redirect(request_url(tlv))

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv = get_tlv_request_for_writing(request, tlv_id)
        if closed := self._closed(request, tlv):
            return closed
        form = self._form(tlv, initial={"revision": tlv.revision})
        return self.page(tlv, {"form": form})

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv = get_tlv_request_for_writing(request, tlv_id)
        if closed := self._closed(request, tlv):
            return closed
        form = self._form(tlv, request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                requests_service.tlv_request_update(
                    tlv=tlv,
                    data=data,
                    revision=form.cleaned_data["revision"] or 0,
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De wijzigingen zijn opgeslagen.")
                return redirect(request_url(tlv))
        return self.page(tlv, {"form": form}, status=422)


# --- The request's page -------------------------------------------------------------------------


def _steps(membership, tlv: TlvRequest) -> list[dict]:
    """Each next status with what still blocks it, and how this member takes the step."""
    steps = []
    for target, problems in workflow.REQUEST_WORKFLOW.options(tlv):
        step = {"target": target, "label": S(target).label, "problems": problems, "url": None}
        code = {"tenant_code": tlv.tenant.code, "tlv_id": tlv.pk}
        if requests_service.may_move(membership, tlv, target):
            step["label"] = requests_service.MOVE_LABELS[target][0]
            step["url"] = reverse("loket:request_move", kwargs=code) + f"?naar={target}"
        elif target == S.SUPPLEMENT and can(membership, HANDLE_TLV, tlv):
            step["label"] = "Aanvulling vragen aan de school"
            step["url"] = reverse("loket:supplement_ask", kwargs=code)
        elif target == S.IN_REVIEW and tlv.status == S.SUPPLEMENT:
            step["label"] = "Vraag beantwoorden en opnieuw indienen"
            # The open question is not a blocker on the answer page: answering removes it.
            step["problems"] = [p for p in problems if "vraag om aanvulling" not in p]
            if can(membership, SUBMIT_TLV, tlv):
                step["url"] = reverse("loket:supplement_answer", kwargs=code)
        elif target == S.DECIDED:
            step["label"] = "Besluiten (in een vergadering van het Loket)"
        steps.append(step)
    return steps


class RequestDetailView(_RequestPage):
    capability = VIEW_TLV
    template_name = "loket/requests/request_detail.html"
    what = "TLV-aanvraag"

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, can_write = get_tlv_request_for_user(request, tlv_id)
        settings = workflow.settings_of(tlv)
        request_with_deadline(tlv)
        today = timezone.localdate()
        pauses = workflow.pauses(tlv)
        acts = can_write or self.can(HANDLE_TLV)
        context = {
            "can_write": can_write,
            "can_edit": can_write and tlv.status in requests_service.EDITABLE,
            "can_view_log": self.can("referrals.view_access_log"),
            "criteria": rules.criteria_advice(tlv, settings),
            "steps": _steps(self.membership, tlv) if acts else [],
            "supplements": list(tlv.supplements.all()),
            "deadline": deadline_of(tlv, settings.handling_weeks),
            "days_used": rules.handling_days(
                tlv.submitted_on, pauses, until=tlv.decided_on or today
            ),
            "paused": rules.paused_days(pauses, tlv.decided_on or today),
            "settings": settings,
            "panels": loket_panels.panels_for(request, tlv, can_write),
        }
        return self.page(tlv, context)


# --- Status steps -------------------------------------------------------------------------------


class RequestMoveView(_RequestPage):
    """Confirm, then take one status step (``?naar=``): submit, start the review, withdraw,
    close. A refused step shows its reasons."""

    capability = SUBMIT_TLV
    template_name = "loket/requests/request_move.html"
    what = "TLV-aanvraag: status wijzigen"

    def _tlv(self, request: HttpRequest, tlv_id: int, target: str) -> TlvRequest:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        needs = requests_service.move_capability(tlv, target) if target in S.values else None
        if needs and not can(self.membership, needs, tlv):
            raise PermissionDenied("U mag deze stap bij deze aanvraag niet zetten.")
        return tlv

    def _context(self, tlv: TlvRequest, target: str, form) -> dict:
        steps = [s for s in _steps(self.membership, tlv) if s["url"] and "naar=" in s["url"]]
        chosen = next((s for s in steps if s["target"] == target), None)
        return {"form": form, "target": target, "chosen": chosen, "steps": steps}

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        target = request.GET.get("naar", "")
        tlv = self._tlv(request, tlv_id, target)
        form = MoveForm(initial={"target": target, "revision": tlv.revision})
        return self.page(tlv, self._context(tlv, target, form))

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        form = MoveForm(request.POST)
        target = request.POST.get("target", "")
        tlv = self._tlv(request, tlv_id, target)
        if form.is_valid():
            try:
                if not requests_service.may_move(self.membership, tlv, target):
                    problems = workflow.REQUEST_WORKFLOW.problems(tlv, target)
                    raise ValidationError(problems or ["Deze stap kunt u hier niet zetten."])
                if (form.cleaned_data["revision"] or 0) != tlv.revision:
                    raise ValidationError(
                        "Deze aanvraag is intussen gewijzigd. Bekijk haar opnieuw en kies dan "
                        "de stap nog eens."
                    )
                requests_service.tlv_request_move(tlv=tlv, target=target, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, requests_service.MOVE_LABELS[target][1])
                return redirect(request_url(tlv))
        return self.page(tlv, self._context(tlv, target, form), status=422)


# --- Questions back to the school ---------------------------------------------------------------


class SupplementAskView(_RequestPage):
    capability = HANDLE_TLV
    template_name = "loket/requests/supplement_ask.html"
    what = "TLV-aanvraag: aanvulling vragen"

    def _tlv(self, request: HttpRequest, tlv_id: int) -> TlvRequest:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        return tlv

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv = self._tlv(request, tlv_id)
        problems = workflow.REQUEST_WORKFLOW.problems(tlv, S.SUPPLEMENT)
        return self.page(tlv, {"form": SupplementAskForm(), "problems": problems})

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv = self._tlv(request, tlv_id)
        form = SupplementAskForm(request.POST)
        if form.is_valid():
            try:
                requests_service.supplement_ask(
                    tlv=tlv, question=form.cleaned_data["question"], by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    "De vraag staat bij de school. De behandeltermijn staat stil tot de school "
                    "antwoordt.",
                )
                return redirect(request_url(tlv))
        return self.page(tlv, {"form": form, "problems": []}, status=422)


class SupplementAnswerView(_RequestPage):
    capability = SUBMIT_TLV
    template_name = "loket/requests/supplement_answer.html"
    what = "TLV-aanvraag: aanvulling beantwoorden"

    def _open(self, request: HttpRequest, tlv_id: int):
        tlv = get_tlv_request_for_writing(request, tlv_id)
        supplement = requests_service.open_supplement(tlv)
        if supplement is None:
            raise Http404("Er staat geen vraag van het Loket open bij deze aanvraag.")
        return tlv, supplement

    def _context(self, tlv, supplement, form) -> dict:
        problems = workflow.submit_problems(tlv)
        return {"form": form, "supplement": supplement, "problems": problems}

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, supplement = self._open(request, tlv_id)
        return self.page(tlv, self._context(tlv, supplement, SupplementAnswerForm()))

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, supplement = self._open(request, tlv_id)
        form = SupplementAnswerForm(request.POST)
        if form.is_valid():
            try:
                requests_service.supplement_answer(
                    supplement=supplement, answer=form.cleaned_data["answer"], by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request, "Uw antwoord is verstuurd. De aanvraag ligt weer bij het Loket."
                )
                return redirect(request_url(tlv))
        return self.page(tlv, self._context(tlv, supplement, form), status=422)


# --- Access log and settings --------------------------------------------------------------------


class RequestLogView(TenantPageMixin, View):
    """Who read or changed this request (the bestuurder only), as for the pupil records."""

    capability = "referrals.view_access_log"

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        from django_tables2 import RequestConfig

        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        log_read(request, tlv, what="inzagelog")  # the log shows the request's contents
        table = AuditEntryTable(access_log_of(tlv), reveal_sensitive=True)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return render(request, "loket/requests/request_log.html", {"tlv": tlv, "table": table})


class LoketSettingsView(TenantPageMixin, View):
    capability = "referrals.change_loket_settings"
    template_name = "loket/requests/settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = LoketSettingsForm(instance=workflow.loket_settings(self.tenant))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LoketSettingsForm(request.POST, instance=workflow.loket_settings(self.tenant))
        if form.is_valid():
            try:
                requests_service.loket_settings_update(
                    tenant=self.tenant, data=form.settings_data(), by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De instellingen van het Loket zijn opgeslagen.")
                return redirect("loket:loket_settings", tenant_code=self.tenant.code)
        return render(request, self.template_name, {"form": form}, status=422)
