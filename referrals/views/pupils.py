"""Pages of pupil-level records. Each response that shows pupil data logs exactly one read,
whatever its method or status: a form shown again with errors shows the record too."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.audit.services import log_read
from swvportal.audit.tables import AuditEntryTable
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import LoggedListView

from .. import services
from ..access import (
    CHANGE,
    get_absence_for_user,
    get_absence_for_writing,
    get_opp_for_user,
    get_opp_for_writing,
    get_school_for_user,
)
from ..filters import AbsenceFilter, OppFilter
from ..forms import AbsenceCloseForm, AbsenceForm, ConversationForm, OppForm, SettingsForm
from ..selectors import (
    absence_list,
    access_log_of,
    opp_list,
    school_overview,
    visible_schools,
)
from ..tables import AbsenceTable, OppTable


class _PupilListView(LoggedListView):
    """A list of pupil records: filters limited to the member's schools, one read logged."""

    capability = "referrals.view_pupil_records"
    read_what = ""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["schools"] = visible_schools(membership=self.membership)
        return kwargs

    def read_subject(self):
        form = self.filterset.form
        school = (
            form.cleaned_data.get("school") if self.filterset.is_bound and form.is_valid() else None
        )
        return school or self.tenant

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.can(CHANGE), **kwargs)


class AbsenceListView(_PupilListView):
    table_class = AbsenceTable
    filterset_class = AbsenceFilter
    template_name = "referrals/absence_list.html"
    page_title = "Thuiszitters"
    intro = "Registraties van leerlingen die thuiszitten, per school."
    read_what = "lijst thuiszitters"

    def get_queryset(self):
        return absence_list(membership=self.membership).select_related("tenant")

    def get_table_kwargs(self):
        required = services.registration_settings(self.tenant).required_fields
        return {"required_fields": required}


class OppListView(_PupilListView):
    table_class = OppTable
    filterset_class = OppFilter
    template_name = "referrals/opp_list.html"
    page_title = "OPP's"
    intro = "Ontwikkelingsperspectiefplannen: vastgesteld, gehoord, ondertekend en geëvalueerd."
    read_what = "lijst OPP's"

    def get_queryset(self):
        return opp_list(membership=self.membership).select_related("tenant")


# --- Thuiszitters --------------------------------------------------------------------------


def _absence_url(registration) -> str:
    return reverse(
        "referrals:absence_detail",
        kwargs={"tenant_code": registration.tenant.code, "absence_id": registration.pk},
    )


class AbsenceDetailView(TenantPageMixin, View):
    capability = "referrals.view_pupil_records"

    def get(self, request: HttpRequest, absence_id: int) -> HttpResponse:
        registration, can_write = get_absence_for_user(request, absence_id)
        log_read(request, registration, what="thuiszittersregistratie")
        required = services.registration_settings(self.tenant).required_fields
        missing = registration.missing_fields(required)
        labels = [str(registration._meta.get_field(name).verbose_name) for name in missing]
        return render(
            request,
            "referrals/absence_detail.html",
            {
                "registration": registration,
                "missing": labels,
                "can_change": can_write and not registration.anonymised_at,
                "can_view_log": self.can("referrals.view_access_log"),
            },
        )


class _RecordCreateView(TenantPageMixin, View):
    """A new thuiszitter registration or OPP, for one of the member's schools."""

    capability = CHANGE
    form_class: type = AbsenceForm
    template_name = ""
    create = staticmethod(services.absence_create)
    detail_url = staticmethod(_absence_url)
    saved = ""

    def _form(self, data=None):
        return self.form_class(data, schools=visible_schools(membership=self.membership))

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            school = data.pop("school")
            data.pop("revision", None)
            try:
                record = self.create(school=school, data=data, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, self.saved)
                return redirect(self.detail_url(record))
        return render(request, self.template_name, {"form": form}, status=422)


class _RecordFormPage:
    """A form about one existing record: showing it is a read, also when it comes back with
    errors (422), so every rendering logs one."""

    template_name = ""
    record_name = ""  # the record's name in the template context
    what = ""  # what the access log says was read

    def page(self, record, form, *, status: int = 200) -> HttpResponse:
        log_read(self.request, record, what=self.what)
        context = {"form": form, self.record_name: record}
        return render(self.request, self.template_name, context, status=status)


class _RecordEditView(_RecordFormPage, TenantPageMixin, View):
    """Change a record; the form carries the revision it was opened at (edit conflicts)."""

    capability = CHANGE
    form_class: type = AbsenceForm
    get_record = staticmethod(get_absence_for_writing)
    update = staticmethod(services.absence_update)  # takes the record as ``record_name``
    detail_url = staticmethod(_absence_url)

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        record = self.get_record(request, *kwargs.values())
        form = self.form_class(instance=record, editing=True, initial={"revision": record.revision})
        return self.page(record, form)

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        record = self.get_record(request, *kwargs.values())
        form = self.form_class(request.POST, instance=type(record)(pk=record.pk), editing=True)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                self.update(
                    **{self.record_name: record},
                    data=data,
                    by=request.user,
                    revision=form.cleaned_data["revision"] or 0,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De wijzigingen zijn opgeslagen.")
                return redirect(self.detail_url(record))
        return self.page(record, form, status=422)


class AbsenceCreateView(_RecordCreateView):
    template_name = "referrals/absence_form.html"
    saved = "De registratie is opgeslagen."


class AbsenceEditView(_RecordEditView):
    template_name = "referrals/absence_form.html"
    record_name = "registration"
    what = "thuiszittersregistratie bewerken"


class AbsenceCloseView(_RecordFormPage, TenantPageMixin, View):
    capability = CHANGE
    template_name = "referrals/absence_close.html"
    record_name = "registration"
    what = "thuiszittersregistratie afsluiten"

    def get(self, request: HttpRequest, absence_id: int) -> HttpResponse:
        registration = get_absence_for_writing(request, absence_id)
        form = AbsenceCloseForm(initial={"revision": registration.revision})
        return self.page(registration, form)

    def post(self, request: HttpRequest, absence_id: int) -> HttpResponse:
        registration = get_absence_for_writing(request, absence_id)
        form = AbsenceCloseForm(request.POST)
        if form.is_valid():
            try:
                services.absence_close(
                    registration=registration,
                    by=request.user,
                    end_date=form.cleaned_data["end_date"],
                    outcome=form.cleaned_data["outcome"],
                    revision=form.cleaned_data["revision"] or 0,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De registratie is afgesloten.")
                return redirect(_absence_url(registration))
        return self.page(registration, form, status=422)


class AccessLogView(TenantPageMixin, View):
    """Who read or changed one pupil record (the bestuurder only)."""

    capability = "referrals.view_access_log"

    def get(
        self, request: HttpRequest, absence_id: int | None = None, opp_id: int | None = None
    ) -> HttpResponse:
        from django_tables2 import RequestConfig

        get_record = get_absence_for_user if absence_id else get_opp_for_user
        record, _ = get_record(request, absence_id or opp_id)
        log_read(request, record, what="inzagelog")  # the log shows the record's contents
        table = AuditEntryTable(access_log_of(record), reveal_sensitive=True)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return render(request, "referrals/access_log.html", {"record": record, "table": table})


# --- OPP's -----------------------------------------------------------------------------------


def _opp_url(opp) -> str:
    return reverse(
        "referrals:opp_detail", kwargs={"tenant_code": opp.tenant.code, "opp_id": opp.pk}
    )


class OppDetailView(TenantPageMixin, View):
    capability = "referrals.view_pupil_records"

    def get(self, request: HttpRequest, opp_id: int) -> HttpResponse:
        opp, can_write = get_opp_for_user(request, opp_id)
        log_read(request, opp, what="OPP")
        return render(
            request,
            "referrals/opp_detail.html",
            {
                "opp": opp,
                "flags": opp.flags(),
                "can_change": can_write and not opp.anonymised_at,
                "can_view_log": self.can("referrals.view_access_log"),
            },
        )


class OppCreateView(_RecordCreateView):
    form_class = OppForm
    template_name = "referrals/opp_form.html"
    create = staticmethod(services.opp_create)
    detail_url = staticmethod(_opp_url)
    saved = "Het OPP is opgeslagen."


class OppEditView(_RecordEditView):
    form_class = OppForm
    template_name = "referrals/opp_form.html"
    get_record = staticmethod(get_opp_for_writing)
    update = staticmethod(services.opp_update)
    record_name = "opp"
    detail_url = staticmethod(_opp_url)
    what = "OPP bewerken"


# --- Schools -----------------------------------------------------------------------------------


class SchoolOverviewView(TenantPageMixin, View):
    """Per school: open registrations, their average duration, completeness, conversations."""

    capability = "referrals.view_pupil_records"

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = school_overview(membership=self.membership)
        # Counts per school can be as small as one pupil: logged like a list.
        log_read(request, self.tenant, what="overzicht scholen", count=len(rows))
        return render(
            request,
            "referrals/school_overview.html",
            {
                "rows": rows,
                "required": services.registration_settings(self.tenant).required_fields,
                "can_record": self.can("referrals.record_conversation"),
                "can_settings": self.can("referrals.change_settings"),
            },
        )


class SettingsView(TenantPageMixin, View):
    """The tenant's rules for registrations: required fields and retention period."""

    capability = "referrals.change_settings"

    def get(self, request: HttpRequest) -> HttpResponse:
        current = services.registration_settings(self.tenant)
        form = SettingsForm(
            initial={
                "required_fields": current.required_fields,
                "retention_years": current.retention_years,
            }
        )
        return render(request, "referrals/settings.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_update(tenant=self.tenant, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De instellingen zijn opgeslagen.")
                return redirect("referrals:settings", tenant_code=self.tenant.code)
        return render(request, "referrals/settings.html", {"form": form}, status=422)


class ConversationCreateView(TenantPageMixin, View):
    capability = "referrals.record_conversation"

    def get(self, request: HttpRequest, school_id: int) -> HttpResponse:
        school, _ = get_school_for_user(request, school_id)
        return render(
            request,
            "referrals/conversation_form.html",
            {"form": ConversationForm(), "school": school},
        )

    def post(self, request: HttpRequest, school_id: int) -> HttpResponse:
        school, _ = get_school_for_user(request, school_id)
        form = ConversationForm(request.POST)
        if form.is_valid():
            try:
                services.conversation_create(school=school, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Het gesprek met {school.name} is vastgelegd.")
                return redirect("referrals:school_overview", tenant_code=self.tenant.code)
        return render(
            request,
            "referrals/conversation_form.html",
            {"form": form, "school": school},
            status=422,
        )
