"""The Loket's meetings, its decisions and the decision letter (issue 13, items 6 and 7).

Thin views: each resolves its object through an access helper (``referrals.access``), calls one
service or selector and renders. Every response that shows pupil-level data logs one read.
Deciding from the meeting page is the normal path: each ready agenda item links to the decide
page with the meeting set (``?vergadering=<id>``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView
from swvportal.documents.services import document_issue
from swvportal.tenancy.models import School

from ..access import (
    HANDLE_TLV,
    VIEW_LETTERS,
    VIEW_TLV,
    get_agenda_item_for_writing,
    get_decision_for_user,
    get_decision_for_writing,
    get_meeting_for_user,
    get_meeting_for_writing,
    get_tlv_request_for_user,
)
from ..forms.loket_decisions import (
    AgendaAddForm,
    AgendaItemForm,
    AgendaMoveForm,
    DecisionForm,
    LetterNameForm,
    MarkSentForm,
    MeetingForm,
)
from ..models.loket import RequestStatus, TlvDecision, TlvRequest
from ..pdf import TLV_LETTER, letter_source
from ..selectors import loket_decisions as selectors
from ..services import loket_decisions as services
from ..services.loket_workflow import REQUEST_WORKFLOW, settings_of
from .loket_decisions_tables import MeetingFilter, MeetingTable
from .loket_panels import panel

# --- Meetings -----------------------------------------------------------------------------------


def _meeting_url(meeting) -> str:
    return reverse(
        "loket:meeting_detail",
        kwargs={"tenant_code": meeting.tenant.code, "meeting_id": meeting.pk},
    )


class MeetingListView(TenantListView):
    capability = HANDLE_TLV
    table_class = MeetingTable
    filterset_class = MeetingFilter
    template_name = "loket/decisions/meeting_list.html"
    page_title = "Vergaderingen van het Loket"
    intro = (
        "Komende vergaderingen eerst. Op de agenda zet u aanvragen die klaar zijn voor een "
        "besluit; in de vergadering neemt u het besluit."
    )

    def get_queryset(self):
        return selectors.meeting_list(tenant=self.tenant)


class _MeetingFormView(TenantPageMixin, View):
    capability = HANDLE_TLV
    template_name = "loket/decisions/meeting_form.html"

    def _form(self, data=None, instance=None):
        return MeetingForm(
            data, instance=instance, members=selectors.meeting_members(tenant=self.tenant)
        )


class MeetingCreateView(_MeetingFormView):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = self._form()
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    tenant=self.tenant, data=form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request, f"De vergadering van {meeting.held_on:%d-%m-%Y} is gepland."
                )
                return redirect(_meeting_url(meeting))
        return render(request, self.template_name, {"form": form}, status=422)


class MeetingEditView(_MeetingFormView):
    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, meeting_id)
        form = self._form(instance=meeting)
        return render(request, self.template_name, {"form": form, "meeting": meeting})

    def post(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, meeting_id)
        form = self._form(request.POST, instance=meeting)
        if form.is_valid():
            try:
                services.meeting_update(meeting=meeting, data=form.cleaned_data, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De vergadering is opgeslagen.")
                return redirect(_meeting_url(meeting))
        context = {"form": form, "meeting": meeting}
        return render(request, self.template_name, context, status=422)


class MeetingDetailView(TenantPageMixin, View):
    """The agenda: per item the request, its outcome and the way to the decision; below it the
    ready requests that are not on the agenda yet."""

    capability = HANDLE_TLV

    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting, _ = get_meeting_for_user(request, meeting_id)
        page = selectors.meeting_page(meeting=meeting)
        log_read(request, meeting, what="vergadering met agenda", count=len(page.lines))
        return render(request, "loket/decisions/meeting_detail.html", {"page": page})


class AgendaAddView(TenantPageMixin, View):
    capability = HANDLE_TLV
    http_method_names = ["post"]

    def post(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, meeting_id)
        form = AgendaAddForm(request.POST, requests=TlvRequest.objects.filter(tenant=self.tenant))
        if not form.is_valid():
            messages.error(request, "Kies een aanvraag om op de agenda te zetten.")
            return redirect(_meeting_url(meeting))
        tlv, _ = get_tlv_request_for_user(request, form.cleaned_data["request"].pk)
        try:
            services.agenda_add(meeting=meeting, tlv=tlv, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"Aanvraag van leerling {tlv.pupil.pupil_number} staat op de agenda."
            )
        return redirect(_meeting_url(meeting))


class AgendaItemMoveView(TenantPageMixin, View):
    capability = HANDLE_TLV
    http_method_names = ["post"]

    def post(self, request: HttpRequest, meeting_id: int, agenda_item_id: int) -> HttpResponse:
        meeting, item = get_agenda_item_for_writing(request, meeting_id, agenda_item_id)
        form = AgendaMoveForm(request.POST)
        if form.is_valid():
            services.agenda_move(
                item=item, up=form.cleaned_data["richting"] == "omhoog", by=request.user
            )
            messages.success(request, "De volgorde van de agenda is aangepast.")
        else:
            messages.error(request, "Kies omhoog of omlaag.")
        return redirect(f"{_meeting_url(meeting)}#agendapunt-{item.pk}")


class AgendaItemEditView(TenantPageMixin, View):
    """The discussion note and the outcome of one agenda item."""

    capability = HANDLE_TLV
    template_name = "loket/decisions/agenda_item_form.html"

    def _page(self, meeting, item, form, status=200) -> HttpResponse:
        log_read(self.request, item.request, what="agendapunt bespreken")
        context = {"meeting": meeting, "item": item, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def _decided(self, item) -> bool:
        return TlvDecision.objects.filter(meeting_id=item.meeting_id, request=item.request).exists()

    def get(self, request: HttpRequest, meeting_id: int, agenda_item_id: int) -> HttpResponse:
        meeting, item = get_agenda_item_for_writing(request, meeting_id, agenda_item_id)
        initial = {"discussion": item.discussion, "outcome": item.outcome}
        return self._page(
            meeting, item, AgendaItemForm(initial=initial, decided=self._decided(item))
        )

    def post(self, request: HttpRequest, meeting_id: int, agenda_item_id: int) -> HttpResponse:
        meeting, item = get_agenda_item_for_writing(request, meeting_id, agenda_item_id)
        form = AgendaItemForm(request.POST, decided=self._decided(item))
        if form.is_valid():
            try:
                services.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De bespreking is opgeslagen.")
                return redirect(f"{_meeting_url(meeting)}#agendapunt-{item.pk}")
        return self._page(meeting, item, form, status=422)


class AgendaItemRemoveView(TenantPageMixin, View):
    """Take a request off the agenda, after a confirmation page."""

    capability = HANDLE_TLV
    template_name = "loket/decisions/agenda_item_remove.html"

    def get(self, request: HttpRequest, meeting_id: int, agenda_item_id: int) -> HttpResponse:
        meeting, item = get_agenda_item_for_writing(request, meeting_id, agenda_item_id)
        log_read(request, item.request, what="agendapunt verwijderen")
        return render(request, self.template_name, {"meeting": meeting, "item": item})

    def post(self, request: HttpRequest, meeting_id: int, agenda_item_id: int) -> HttpResponse:
        meeting, item = get_agenda_item_for_writing(request, meeting_id, agenda_item_id)
        try:
            services.agenda_remove(item=item, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"De aanvraag van leerling {item.request.pupil.pupil_number} is van de agenda "
                "gehaald.",
            )
        return redirect(_meeting_url(meeting))


# --- The decision -------------------------------------------------------------------------------


def _decision_url(decision) -> str:
    return reverse(
        "loket:decision_detail",
        kwargs={"tenant_code": decision.tenant.code, "decision_id": decision.pk},
    )


class _DecisionFormView(TenantPageMixin, View):
    """The decide form beside both advices, so the Loket takes in their main points."""

    capability = HANDLE_TLV
    template_name = "loket/decisions/decision_form.html"

    def _form(self, data=None, initial=None) -> DecisionForm:
        schools = School.objects.filter(tenant=self.tenant).order_by("name")
        return DecisionForm(data, initial=initial, schools=schools)

    def _page(self, tlv, form, *, status=200, **context) -> HttpResponse:
        log_read(self.request, tlv, what=context.pop("what", "besluit nemen"))
        rules = settings_of(tlv)
        context = {
            "tlv": tlv,
            "form": form,
            "advices": selectors.request_advices(tlv=tlv),
            "duration_rule": rules.get_duration_rule_display(),
            "duration_years": rules.duration_years,
            "default_end": (
                services.default_end_date(tlv, tlv.requested_start) if tlv.requested_start else None
            ),
            **context,
        }
        return render(self.request, self.template_name, context, status=status)


def _initial_from(tlv: TlvRequest, day) -> dict:
    return {
        "cluster": tlv.cluster,
        "category": tlv.requested_category,
        "start_date": tlv.requested_start,
        "receiving_school": tlv.receiving_school_id,
        "receiving_school_name": tlv.receiving_school_name,
        "decided_on": day,
    }


class DecisionCreateView(_DecisionFormView):
    """Decide on a request, from its page or from a meeting (``?vergadering=<id>``)."""

    def _meeting(self, request: HttpRequest):
        raw = request.GET.get("vergadering") or request.POST.get("vergadering")
        if not raw:
            return None
        if not str(raw).isdigit():
            raise Http404("Deze vergadering bestaat niet.")
        return get_meeting_for_writing(request, int(raw))

    def get(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        meeting = self._meeting(request)
        today = timezone.localdate()
        day = meeting.held_on if meeting and meeting.held_on <= today else today
        form = self._form(initial=_initial_from(tlv, day))
        problems = REQUEST_WORKFLOW.problems(tlv, RequestStatus.DECIDED)
        return self._page(tlv, form, meeting=meeting, problems=problems)

    def post(self, request: HttpRequest, tlv_id: int) -> HttpResponse:
        tlv, _ = get_tlv_request_for_user(request, tlv_id)
        meeting = self._meeting(request)
        form = self._form(request.POST)
        if form.is_valid():
            try:
                decision = services.tlv_decide(
                    tlv=tlv, data=form.cleaned_data, by=request.user, meeting=meeting
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"Het besluit is vastgelegd: {decision.get_outcome_display().lower()}. "
                    "Download de besluitbrief en leg vast wanneer hij is verzonden.",
                )
                return redirect(_meeting_url(meeting) if meeting else _decision_url(decision))
        problems = REQUEST_WORKFLOW.problems(tlv, RequestStatus.DECIDED)
        return self._page(tlv, form, status=422, meeting=meeting, problems=problems)


class DecisionCorrectView(_DecisionFormView):
    """A correction: a new decision that replaces this one; both are kept."""

    def get(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_writing(request, decision_id)
        initial = {
            "outcome": decision.outcome,
            "cluster": decision.cluster,
            "category": decision.category,
            "start_date": decision.start_date,
            "end_date": decision.end_date,
            "receiving_school": decision.receiving_school_id,
            "receiving_school_name": decision.receiving_school_name,
            "reasoning": decision.reasoning,
            "decided_on": timezone.localdate(),
        }
        return self._page(
            decision.request,
            self._form(initial=initial),
            correcting=decision,
            what="besluit corrigeren",
        )

    def post(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_writing(request, decision_id)
        form = self._form(request.POST)
        if form.is_valid():
            try:
                new = services.tlv_decision_correct(
                    decision=decision, data=form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    "De correctie is vastgelegd als nieuw besluit; het oude besluit blijft "
                    "bewaard als vervangen. Stuur de nieuwe besluitbrief.",
                )
                return redirect(_decision_url(new))
        return self._page(
            decision.request, form, status=422, correcting=decision, what="besluit corrigeren"
        )


def _decision_page(request: HttpRequest, decision_id: int, name_form, *, status=200):
    """The decision, its letter and (for the Loket) correcting it and recording it was sent."""
    decision, can_write = get_decision_for_user(request, decision_id)
    log_read(request, decision, what="besluit")
    context = {
        "decision": decision,
        "replacement": selectors.replacement_of(decision=decision),
        "can_handle": can_write,
        "can_letter": can(request.membership, VIEW_LETTERS),
        "can_object": can(request.membership, "referrals.record_objections"),
        "name_form": name_form,
    }
    return render(request, "loket/decisions/decision_detail.html", context, status=status)


class DecisionDetailView(TenantPageMixin, View):
    capability = VIEW_TLV

    def get(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        return _decision_page(request, decision_id, LetterNameForm())


class DecisionMarkSentView(TenantPageMixin, View):
    capability = HANDLE_TLV
    template_name = "loket/decisions/decision_mark_sent.html"

    def _page(self, decision, form, status=200) -> HttpResponse:
        log_read(self.request, decision, what="besluit als verzonden vastleggen")
        context = {"decision": decision, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_writing(request, decision_id)
        return self._page(decision, MarkSentForm(initial={"sent_on": timezone.localdate()}))

    def post(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_writing(request, decision_id)
        form = MarkSentForm(request.POST)
        if form.is_valid():
            try:
                services.decision_mark_sent(
                    decision=decision, sent_on=form.cleaned_data["sent_on"], by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"Vastgelegd: de besluitbrief is verzonden op "
                    f"{form.cleaned_data['sent_on']:%d-%m-%Y}. De bezwaartermijn loopt vanaf de "
                    "dag daarna.",
                )
                return redirect(_decision_url(decision))
        return self._page(decision, form, status=422)


# --- The letter ---------------------------------------------------------------------------------


class DecisionLetterView(TenantPageMixin, View):
    """The archived letter: rendered once on the first download, the same bytes ever after.
    Every download logs a read (the type is ``sensitive``)."""

    capability = VIEW_LETTERS

    def get(self, request: HttpRequest, decision_id: int) -> FileResponse:
        decision, _ = get_decision_for_user(request, decision_id)
        document = document_issue(
            tenant=self.tenant, kind=TLV_LETTER, by=request.user, decision=decision
        )
        log_read(request, document, what=f"download {TLV_LETTER}", decision_id=decision.pk)
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type="application/pdf",
        )


class DecisionLetterNamedView(TenantPageMixin, View):
    """The letter with the pupil's name typed in: this one download only. The name is not
    stored, not archived and not logged; the log says only that a name was added."""

    capability = VIEW_LETTERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision, _ = get_decision_for_user(request, decision_id)
        form = LetterNameForm(request.POST)
        if not form.is_valid():
            return _decision_page(request, decision_id, form, status=422)
        source = letter_source(decision, pupil_name=form.cleaned_data["pupil_name"])
        content = source.render()
        log_read(request, decision, what=f"download {TLV_LETTER} met naam", name_added=True)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{source.filename}"'
        return response


# --- The request page's panel -------------------------------------------------------------------


@panel(order=40, template="loket/decisions/_panel.html")
def decisions(http_request: HttpRequest, tlv: TlvRequest, can_write: bool) -> dict | None:
    """The decision(s) with outcome, period and letter; for the Loket the way to decide, or what
    still blocks it."""
    membership = http_request.membership
    can_handle = can(membership, HANDLE_TLV)
    ready_status = tlv.status == RequestStatus.IN_REVIEW
    return {
        "tlv": tlv,
        "decisions": selectors.decisions_of(tlv=tlv),
        "can_handle": can_handle,
        "can_letter": can(membership, VIEW_LETTERS),
        "decide_problems": (
            REQUEST_WORKFLOW.problems(tlv, RequestStatus.DECIDED)
            if can_handle and ready_status
            else []
        ),
        "may_decide": can_handle and ready_status,
    }
