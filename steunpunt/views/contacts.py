"""Part "contacts": the steunpunt staff's work on contacts (issue #16, point 1).

Who may: ``steunpunt.handle_contacts`` (the bestuurder, or a member granted it in person); any
other role gets a 403, a contact of another tenant is a 404 (``access.CONTACTS``). Every page
that shows a contact's texts or call-back data logs one read (``log_read``): the list (with its
count and filters), the detail page and the edit page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import LoggedListView

from .. import contacts, services
from ..access import CONTACTS
from ..filters import ContactFilter
from ..forms_contacts import CloseForm, ContactForm, SignalForm
from ..models import NO_NAMES, Contact
from ..rules import follow_up_overdue
from ..selectors import HANDLE
from ..tables import ContactTable

TEMPLATES = "steunpunt/contacts/"


def contact_url(request: HttpRequest, contact: Contact, name: str = "contact_detail") -> str:
    return reverse(
        f"steunpunt:{name}", kwargs={"tenant_code": request.tenant.code, "contact_id": contact.pk}
    )


class ContactListView(LoggedListView):
    capability = HANDLE
    table_class = ContactTable
    filterset_class = ContactFilter
    template_name = f"{TEMPLATES}contact_list.html"
    page_title = "Contacten van het steunpunt"
    intro = (
        "Vragen en ervaringen van ouders, jongeren en scholen. Open een contact om het te lezen, "
        "bij te werken of af te sluiten."
    )
    read_what = "lijst contacten steunpunt"

    def get_queryset(self):
        return contacts.contact_rows(membership=self.membership)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "tenant": self.tenant}

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "tenant_code": self.tenant.code}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if any(v for k, v in self.request.GET.items() if k not in ("page", "sort")):
            table.empty_text = "Geen contacten gevonden met deze filters. Kies andere filters."
        return table


class _ContactFormView(TenantPageMixin, View):
    capability = HANDLE
    template_name = f"{TEMPLATES}contact_form.html"

    def page(self, request, form: ContactForm, contact: Contact | None = None, *, status=200):
        context = {"form": form, "contact": contact, "no_names": NO_NAMES}
        return render(request, self.template_name, context, status=status)


class ContactCreateView(_ContactFormView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, ContactForm(tenant=self.tenant))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ContactForm(request.POST, tenant=self.tenant)
        if form.is_valid():
            try:
                contact = contacts.contact_register(
                    tenant=self.tenant,
                    data=form.contact_data(),
                    themes=form.cleaned_data["themes"],
                    callback=form.callback_data(),
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Contact {contact.reference} is vastgelegd.")
                return redirect(contact_url(request, contact))
        return self.page(request, form, status=422)


class ContactEditView(_ContactFormView):
    """Change a contact; the call-back request too while it is open. The page shows the
    contact's texts and call-back data, so it logs a read."""

    def page(self, request, form, contact=None, *, status=200):
        log_read(request, contact, what="contact bewerken")
        return super().page(request, form, contact, status=status)

    def get(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        contact = CONTACTS.get_for_writing(request, contact_id)
        if refused := _anonymised(request, contact):
            return refused
        initial = ContactForm.initial_of(contact, contacts.callback_of(contact))
        form = ContactForm(tenant=self.tenant, contact=contact, initial=initial)
        return self.page(request, form, contact)

    def post(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        contact = CONTACTS.get_for_writing(request, contact_id)
        if refused := _anonymised(request, contact):
            return refused
        form = ContactForm(request.POST, tenant=self.tenant, contact=contact)
        if form.is_valid():
            try:
                contacts.contact_update(
                    contact=contact,
                    data=form.contact_data(),
                    themes=form.cleaned_data["themes"],
                    revision=form.cleaned_data["revision"] or 0,
                    callback=form.callback_data(),
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request, f"De wijzigingen in contact {contact.reference} zijn opgeslagen."
                )
                return redirect(contact_url(request, contact))
        return self.page(request, form, contact, status=422)


def _anonymised(request: HttpRequest, contact: Contact) -> HttpResponse | None:
    if contact.anonymised_at is None:
        return None
    messages.error(request, "Dit contact is geanonimiseerd en kan niet meer worden gewijzigd.")
    return redirect(contact_url(request, contact))


class ContactDetailView(TenantPageMixin, View):
    """Everything of one contact, the asker's own words as text, the call-back request while
    the contact is open; one read in the log (the call-back data is part of it)."""

    capability = HANDLE
    template_name = f"{TEMPLATES}contact_detail.html"

    def get(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        contact, may_write = CONTACTS.get_for_user(request, contact_id)
        log_read(request, contact, what="contact lezen")
        context = {
            **signal_context(request, contact),
            "may_write": may_write,
            "themes": list(contact.themes.all()),
            "callback": contacts.callback_of(contact) if contact.is_open else None,
            "overdue": follow_up_overdue(
                needed=contact.follow_up_needed,
                by=contact.follow_up_by,
                closed_on=contact.closed_on,
                today=timezone.localdate(),
            ),
        }
        return render(request, self.template_name, context)


def signal_context(request, contact: Contact, form: SignalForm | None = None, **extra) -> dict:
    return {
        "contact": contact,
        "signal_form": form or SignalForm(tenant=request.tenant, contact=contact),
        "signal_url": contact_url(request, contact, "contact_signal"),
        "may_write": True,  # only staff reach the signal's form
        **extra,
    }


class ContactSignalView(TenantPageMixin, View):
    """Tag or untag the contact as a signal, in a trend or none. With htmx the answer is the
    updated block of the detail page; without, back to the page with a message."""

    capability = HANDLE
    http_method_names = ["post"]
    fragment = f"{TEMPLATES}contact_detail.html#signal"

    def post(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        contact = CONTACTS.get_for_writing(request, contact_id)
        form = SignalForm(request.POST, tenant=self.tenant, contact=contact)
        if form.is_valid():
            try:
                contact = contacts.contact_tag_signal(
                    contact, form.cleaned_data["is_signal"], form.cleaned_data["trend"]
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = _signal_said(contact)
                if not request.htmx:
                    messages.success(request, said)
                    return redirect(contact_url(request, contact) + "#signaal")
                context = signal_context(request, contact, said=said)
                return render(request, self.fragment, context)
        if not request.htmx:
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(contact_url(request, contact) + "#signaal")
        return render(request, self.fragment, signal_context(request, contact, form), status=422)


def _signal_said(contact: Contact) -> str:
    if not contact.is_signal:
        return f"Contact {contact.reference} is geen signaal meer."
    if contact.trend_id:
        return f"Contact {contact.reference} is een signaal in de trend '{contact.trend.title}'."
    return f"Contact {contact.reference} is een signaal, nog zonder trend."


class ContactCloseView(TenantPageMixin, View):
    """Confirm, then close: the call-back data is deleted at once."""

    capability = HANDLE
    template_name = f"{TEMPLATES}contact_close.html"

    def page(self, request, contact, form, *, status=200) -> HttpResponse:
        context = {"contact": contact, "form": form, "back": contact_url(request, contact)}
        context["has_callback"] = contacts.callback_of(contact) is not None
        return render(request, self.template_name, context, status=status)

    def _closed(self, request, contact) -> HttpResponse | None:
        if contact.is_open:
            return None
        messages.info(request, f"Contact {contact.reference} is al afgesloten.")
        return redirect(contact_url(request, contact))

    def get(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        contact = CONTACTS.get_for_writing(request, contact_id)
        return self._closed(request, contact) or self.page(request, contact, CloseForm())

    def post(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        contact = CONTACTS.get_for_writing(request, contact_id)
        if closed := self._closed(request, contact):
            return closed
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                services.contact_close(contact=contact, on=form.cleaned_data["closed_on"])
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"Contact {contact.reference} is afgesloten. Een eventueel terugbelverzoek "
                    "is verwijderd.",
                )
                return redirect(contact_url(request, contact))
        return self.page(request, contact, form, status=422)
