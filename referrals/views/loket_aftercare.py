"""Pages after the decision: objections and their Awb deadlines, expiring TLVs and their
extension, external referrals, and the toekomstgericht gesprek after each referral.

Every page that shows pupil-level data logs one read: a single record with the record, a list
with the tenant and the number of rows.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django_tables2 import RequestConfig

from swvportal.accounts.permissions import can
from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import LoggedListView

from ..access import (
    SUBMIT_TLV,
    get_decision_for_conversation,
    get_decision_for_extension,
    get_decision_for_objection,
    get_objection_for_user,
    get_objection_for_writing,
    get_referral_for_conversation,
)
from ..forms.loket_aftercare import (
    FutureConversationForm,
    ObjectionCreateForm,
    ObjectionEditForm,
    ReferralForm,
)
from ..selectors import loket_aftercare as selectors
from ..services import loket_aftercare as services
from ..services import loket_rules as rules
from ..services.loket_workflow import loket_settings
from .loket_aftercare_tables import (
    ConversationTable,
    ExpiringFilter,
    ExpiringTable,
    ObjectionFilter,
    ObjectionTable,
    ReferralFilter,
    ReferralTable,
)
from .loket_panels import panel

RECORD_OBJECTIONS = "referrals.record_objections"


def _filter_query(request: HttpRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if k not in ("page", "sort")}


def _list_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A list page, or just its results when htmx swaps them after a filter changed."""
    if request.htmx and not request.htmx.boosted:
        # As TenantListView: a page extending list_page.html inherits no partials.
        return render(
            request, [f"{template}#results", "components/list_page.html#results"], context
        )
    return render(request, template, context)


# --- Objections ---------------------------------------------------------------------------------


def _objection_url(objection) -> str:
    return reverse(
        "loket:objection_detail",
        kwargs={"tenant_code": objection.tenant.code, "objection_id": objection.pk},
    )


class ObjectionListView(TenantPageMixin, View):
    """Every objection of the tenant: open first, by the day the decision on it is due."""

    capability = RECORD_OBJECTIONS

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = selectors.objection_list(membership=self.membership).select_related("tenant")
        filterset = ObjectionFilter(request.GET or None, queryset=queryset)
        rows = selectors.objection_rows(filterset.qs)
        table = ObjectionTable(rows)
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
        log_read(
            request,
            self.tenant,
            what="lijst bezwaren",
            count=len(rows),
            filters=_filter_query(request),
        )
        return _list_page(
            request,
            "loket/aftercare/objection_list.html",
            {
                "page_title": "Bezwaren",
                "table": table,
                "filter": filterset,
                "warned": sum(1 for r in rows if r.urgency),
            },
        )


class ObjectionCreateView(TenantPageMixin, View):
    """Register an objection against a decision: the page shows the objection period first."""

    capability = RECORD_OBJECTIONS
    template_name = "loket/aftercare/objection_form.html"

    def _page(self, decision, form, *, status: int = 200) -> HttpResponse:
        log_read(self.request, decision, what="besluit (bezwaar vastleggen)")
        sent_on, unknown = services.decision_sent_on(decision)
        context = {
            "form": form,
            "decision": decision,
            "sent_on": sent_on,
            "sent_on_unknown": unknown,
            "period_ends": sent_on + rules.OBJECTION_WEEKS * rules.WEEK,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_objection(request, decision_id)
        return self._page(decision, ObjectionCreateForm())

    def post(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_objection(request, decision_id)
        form = ObjectionCreateForm(request.POST)
        if form.is_valid():
            try:
                objection = services.objection_create(
                    decision=decision, data=form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                row = selectors.objection_row(objection)
                if row.deadlines.late:
                    messages.warning(
                        request,
                        "Het bezwaar is vastgelegd. Het kwam na de bezwaartermijn binnen: "
                        "beoordeel of het ontvankelijk is.",
                    )
                else:
                    messages.success(request, "Het bezwaar is vastgelegd.")
                return redirect(_objection_url(objection))
        return self._page(decision, form, status=422)


class ObjectionDetailView(TenantPageMixin, View):
    capability = RECORD_OBJECTIONS

    def get(self, request: HttpRequest, objection_id: int) -> HttpResponse:
        objection, can_write = get_objection_for_user(request, objection_id)
        log_read(request, objection, what="bezwaar")
        return render(
            request,
            "loket/aftercare/objection_detail.html",
            {
                "row": selectors.objection_row(objection),
                "objection": objection,
                "decision": objection.decision,
                "can_change": can_write,
                "committee": loket_settings(self.tenant).objection_committee,
                "extension_weeks": rules.EXTENSION_WEEKS,
            },
        )


class ObjectionEditView(TenantPageMixin, View):
    """The stages of an objection and its dates; showing it is a read, also with errors."""

    capability = RECORD_OBJECTIONS
    template_name = "loket/aftercare/objection_edit.html"

    def _page(self, objection, form, *, status: int = 200) -> HttpResponse:
        log_read(self.request, objection, what="bezwaar bewerken")
        context = {"form": form, "objection": objection, "row": selectors.objection_row(objection)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, objection_id: int) -> HttpResponse:
        objection = get_objection_for_writing(request, objection_id)
        return self._page(objection, ObjectionEditForm(instance=objection))

    def post(self, request: HttpRequest, objection_id: int) -> HttpResponse:
        objection = get_objection_for_writing(request, objection_id)
        form = ObjectionEditForm(request.POST, instance=type(objection)(pk=objection.pk))
        if form.is_valid():
            try:
                services.objection_update(
                    objection=objection, data=form.cleaned_data, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De wijzigingen in het bezwaar zijn opgeslagen.")
                return redirect(_objection_url(objection))
        return self._page(objection, form, status=422)


class ObjectionExtendView(TenantPageMixin, View):
    """Extend the decision term by six weeks: a confirmation page, because it can be done once."""

    capability = RECORD_OBJECTIONS
    template_name = "loket/aftercare/objection_extend.html"

    def _page(self, objection, *, errors=(), status: int = 200) -> HttpResponse:
        log_read(self.request, objection, what="bezwaar verlengen")
        row = selectors.objection_row(objection)
        new_due = row.deadlines.decision_due + rules.EXTENSION_WEEKS * rules.WEEK
        context = {"objection": objection, "row": row, "new_due": new_due, "errors": errors}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, objection_id: int) -> HttpResponse:
        return self._page(get_objection_for_writing(request, objection_id))

    def post(self, request: HttpRequest, objection_id: int) -> HttpResponse:
        objection = get_objection_for_writing(request, objection_id)
        try:
            extended = services.objection_extend(objection=objection, by=request.user)
        except ValidationError as exc:
            return self._page(objection, errors=exc.messages, status=422)
        due = selectors.objection_row(extended).deadlines.decision_due
        messages.success(request, f"De beslistermijn is verlengd tot en met {due:%d-%m-%Y}.")
        return redirect(_objection_url(objection))


@panel(order=60, template="loket/aftercare/_objections_panel.html")
def objections(http_request: HttpRequest, tlv, can_write: bool) -> dict | None:
    """On the request's page, for the Loket: the objections against its decisions."""
    if not can(http_request.membership, RECORD_OBJECTIONS):
        return None
    found = selectors.objections_of_request(tlv=tlv).select_related("tenant")
    return {
        "objection_rows": selectors.objection_rows(found),
        "standing_decisions": list(tlv.decisions.filter(replaced_by__isnull=True)),
    }


# --- Expiring TLVs and their extension ------------------------------------------------------------


class ExpiringListView(TenantPageMixin, View):
    capability = "referrals.view_tlv_register"

    def get(self, request: HttpRequest) -> HttpResponse:
        schools = selectors.visible_register_schools(membership=self.membership)
        filterset = ExpiringFilter(
            request.GET or None,
            queryset=selectors.expiring_list(membership=self.membership),
            schools=schools,
        )
        membership = self.membership
        table = ExpiringTable(
            filterset.qs, can_extend=lambda decision: can(membership, SUBMIT_TLV, decision)
        )
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
        log_read(
            request,
            self.tenant,
            what="lijst aflopende TLV's",
            count=table.paginator.count,
            filters=_filter_query(request),
        )
        months = loket_settings(self.tenant).expiry_notice_months
        return _list_page(
            request,
            "loket/aftercare/expiring_list.html",
            {
                "page_title": "Aflopende TLV's",
                "table": table,
                "filter": filterset,
                "months": months,
            },
        )


def _request_url(tlv) -> str:
    return reverse(
        "loket:request_detail", kwargs={"tenant_code": tlv.tenant.code, "tlv_id": tlv.pk}
    )


class ExtensionStartView(TenantPageMixin, View):
    """Start a *verlenging* request from an expiring TLV: what it copies, then a button."""

    capability = SUBMIT_TLV
    template_name = "loket/aftercare/extension_start.html"

    def _page(self, decision, *, errors=(), status: int = 200) -> HttpResponse:
        log_read(self.request, decision, what="besluit (verlenging aanvragen)")
        context = {"decision": decision, "errors": errors}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        return self._page(get_decision_for_extension(request, decision_id))

    def post(self, request: HttpRequest, decision_id: int) -> HttpResponse:
        decision = get_decision_for_extension(request, decision_id)
        try:
            tlv = services.tlv_request_start_extension(decision=decision, by=request.user)
        except ValidationError as exc:
            return self._page(decision, errors=exc.messages, status=422)
        messages.success(
            request,
            "De aanvraag voor verlenging staat klaar als concept. Vul het dossier aan en dien "
            "de aanvraag in.",
        )
        return redirect(_request_url(tlv))


# --- External referrals -------------------------------------------------------------------------


class ReferralListView(LoggedListView):
    capability = "referrals.record_referrals"
    table_class = ReferralTable
    filterset_class = ReferralFilter
    template_name = "loket/aftercare/referral_list.html"
    page_title = "Externe verwijzingen"
    intro = "Leerlingen die naar een school buiten het samenwerkingsverband gaan."
    read_what = "lijst externe verwijzingen"

    def get_queryset(self):
        return selectors.referral_list(membership=self.membership)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["schools"] = selectors.referral_schools(membership=self.membership)
        return kwargs


class ReferralCreateView(TenantPageMixin, View):
    capability = "referrals.record_referrals"
    template_name = "loket/aftercare/referral_form.html"

    def _form(self, data=None) -> ReferralForm:
        return ReferralForm(data, schools=selectors.referral_schools(membership=self.membership))

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            school = data.pop("school")
            try:
                services.external_referral_create(school=school, data=data, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De externe verwijzing is vastgelegd.")
                return redirect("loket:referral_list", tenant_code=self.tenant.code)
        return render(request, self.template_name, {"form": form}, status=422)


# --- The toekomstgericht gesprek ----------------------------------------------------------------


class ConversationListView(TenantPageMixin, View):
    """Every referral whose toekomstgericht gesprek has not been held yet."""

    capability = "referrals.record_future_conversations"

    def get(self, request: HttpRequest) -> HttpResponse:
        events = selectors.conversation_events(membership=self.membership)
        table = ConversationTable(events)
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
        log_read(request, self.tenant, what="lijst toekomstgerichte gesprekken", count=len(events))
        return _list_page(
            request,
            "loket/aftercare/conversation_list.html",
            {"page_title": "Toekomstgerichte gesprekken", "table": table},
        )


class _ConversationEditView(TenantPageMixin, View):
    """Plan or record the conversation after one referral (a TLV or an external one)."""

    capability = "referrals.record_future_conversations"
    template_name = "loket/aftercare/conversation_form.html"
    source = ""  # "decision" or "referral"

    source_of = staticmethod(get_decision_for_conversation)

    def _page(self, source, form, *, status: int = 200) -> HttpResponse:
        log_read(self.request, source, what="toekomstgericht gesprek")
        context = {"form": form, "source": source, "kind": self.source}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        source = self.source_of(request, *kwargs.values())
        existing = selectors.conversation_of(source)
        return self._page(source, FutureConversationForm(instance=existing))

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        source = self.source_of(request, *kwargs.values())
        form = FutureConversationForm(request.POST)
        if form.is_valid():
            try:
                conversation = services.future_conversation_save(
                    data=form.cleaned_data, by=request.user, **{self.source: source}
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                text = (
                    "Het gesprek is vastgelegd als gehouden. De verwijzing staat niet meer in "
                    "de lijst."
                    if conversation.held_on
                    else "Het gesprek is opgeslagen."
                )
                messages.success(request, text)
                return redirect("loket:conversation_list", tenant_code=self.tenant.code)
        return self._page(source, form, status=422)


class DecisionConversationView(_ConversationEditView):
    source = "decision"
    source_of = staticmethod(get_decision_for_conversation)


class ReferralConversationView(_ConversationEditView):
    source = "referral"
    source_of = staticmethod(get_referral_for_conversation)
