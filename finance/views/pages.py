"""The begroting's pages: the list of versions, one version's table (with, for the bestuurder on
a concept, the controls of ``views.lines``), a new begroting, its header and the tenant's
settings.

Every form works without JavaScript (a GET shows a page, a POST redirects with a message); the
version page's table edits a line's amounts in place with htmx (``views.lines``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from .. import services
from ..access import get_begroting_for_user, get_begroting_for_writing
from ..filters import BegrotingListFilter
from ..forms import BegrotingForm, SettingsForm
from ..models import Begroting
from ..rules import Table
from ..selectors import CHANGE, VIEW, VIEW_DRAFT, VIEW_REPORTS, begroting_list, page_table
from ..tables import BegrotingTable
from .panels import panels_for

CHANGE_SETTINGS = "finance.change_settings"
EXCHANGE = "finance.exchange_begroting"
TEMPLATES = "finance/pages/"
TABLE_ID = "begroting-tabel-wrap"


def begroting_url(begroting: Begroting, anchor: str = "") -> str:
    url = reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def mark_places(table: Table) -> None:
    """Each row knows whether it is the first or last among its siblings (same group and
    parent), so the page offers only the moves that do something."""
    siblings: dict[tuple[str, int | None], list] = {}
    for row in table.rows():
        siblings.setdefault((row.line.group, row.line.parent_id), []).append(row)
    for rows in siblings.values():
        for index, row in enumerate(rows):
            row.is_first, row.is_last = index == 0, index == len(rows) - 1
            row.focus, row.announce, row.notice = False, "", False


def table_context(
    begroting: Begroting,
    can_change: bool,
    *,
    focus: int | None = None,
    announce: str = "",
    notice: bool = False,
) -> dict:
    """What ``_table.html`` needs: the table (one query path, ``selectors.begroting_table``),
    whether it shows controls, and the row that takes the focus after a change."""
    table = page_table(begroting)
    mark_places(table)
    for row in table.rows():
        if row.line.id == focus:
            row.focus, row.announce, row.notice = True, announce, notice
    can_change = can_change and begroting.is_editable
    return {
        "begroting": begroting,
        "table": table,
        "can_change": can_change,
        "columns": len(table.years) + 1 + int(can_change),
        "table_id": TABLE_ID,
    }


def table_response(
    request: HttpRequest,
    begroting: Begroting,
    *,
    focus: int | None,
    said: str,
    notice: bool = False,
) -> HttpResponse:
    """After a change to a line: the whole table (its totals and resultaat change too), the
    focus on the line's row and ``said`` announced; without htmx the page at the line."""
    if not request.htmx:
        if said:
            messages.success(request, said)
        return redirect(begroting_url(begroting, f"regel-{focus}" if focus else ""))
    context = table_context(begroting, True, focus=focus, announce=said, notice=notice)
    response = render(request, f"{TEMPLATES}_table.html", context)
    response["HX-Retarget"] = f"#{TABLE_ID}"
    response["HX-Reswap"] = "outerHTML"
    return response


class BegrotingListView(TenantListView):
    capability = VIEW
    table_class = BegrotingTable
    filterset_class = BegrotingListFilter
    template_name = "finance/pages/begroting_list.html"
    page_title = "Meerjarenbegroting"
    intro = (
        "De meerjarenbegroting per kalenderjaar: baten, verplichte afdrachten en programma's, "
        "met elke versie en haar status."
    )

    def get_queryset(self):
        return begroting_list(membership=self.membership).select_related("tenant")

    def get_context_data(self, **kwargs):
        code = self.tenant.code

        def url_if(capability: str, name: str) -> str | None:
            return reverse(name, kwargs={"tenant_code": code}) if self.can(capability) else None

        links = [
            (label, url)
            for label, url in (
                ("Managementrapportages", url_if(VIEW_REPORTS, "finance:report_list")),
                ("Een begroting inlezen", url_if(EXCHANGE, "finance:begroting_import")),
                (
                    "Instellingen van de begroting",
                    url_if(CHANGE_SETTINGS, "finance:finance_settings"),
                ),
            )
            if url
        ]
        return super().get_context_data(
            create_url=url_if(CHANGE, "finance:begroting_create"), links=links, **kwargs
        )

    def get_table_kwargs(self):
        if self.request.GET.get("status"):
            return {"empty_text": "Er is geen begroting met deze status."}
        if self.can(CHANGE):
            empty = "Er is nog geen begroting. Maak een nieuwe begroting of lees er een in."
        elif self.can(VIEW_DRAFT):
            empty = "Er is nog geen begroting. De bestuurder maakt haar."
        else:
            empty = "Er is nog geen vastgestelde begroting."
        return {"empty_text": empty}


class BegrotingDetailView(TenantPageMixin, View):
    """One version: the table of lines per year with the derived totals, then the panels."""

    capability = VIEW
    template_name = "finance/pages/begroting_detail.html"

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting, may_change = get_begroting_for_user(request, begroting_id)
        context = table_context(begroting, may_change)
        context["panels"] = panels_for(request, begroting, may_change)
        return render(request, self.template_name, context)


# --- A new begroting and its header ------------------------------------------------------------


def _form_page(request, form, *, begroting=None, code=200) -> HttpResponse:
    context = {"form": form, "begroting": begroting}
    return render(request, f"{TEMPLATES}begroting_form.html", context, status=code)


class BegrotingCreateView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest) -> HttpResponse:
        return _form_page(request, BegrotingForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BegrotingForm(request.POST)
        if form.is_valid():
            try:
                begroting = services.begroting_create(
                    tenant=self.tenant, by=request.user, **form.data_for_service()
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"De begroting {begroting.first_year}–{begroting.last_year} is gemaakt. "
                    "Voeg nu regels toe per groep.",
                )
                return redirect(begroting_url(begroting))
        return _form_page(request, form, code=422)


class BegrotingEditView(TenantPageMixin, View):
    """Title, years, opening reserve and note of a concept."""

    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        if not begroting.is_editable:
            messages.error(request, locked_message(begroting))
            return redirect(begroting_url(begroting))
        form = BegrotingForm(initial=BegrotingForm.initial_of(begroting))
        return _form_page(request, form, begroting=begroting)

    def post(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        form = BegrotingForm(request.POST)
        if form.is_valid():
            try:
                saved = services.begroting_update(
                    begroting=begroting,
                    data=form.data_for_service(),
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De gegevens van de begroting zijn opgeslagen.")
                return redirect(begroting_url(saved))
        return _form_page(request, form, begroting=begroting, code=422)


def locked_message(begroting: Begroting) -> str:
    return (
        f"Versie {begroting.version} van de begroting is vastgesteld en verandert niet meer. "
        "Maak een nieuwe versie om de begroting te wijzigen."
    )


# --- The tenant's settings ---------------------------------------------------------------------


class SettingsView(TenantPageMixin, View):
    capability = CHANGE_SETTINGS
    template_name = "finance/pages/settings.html"

    def _page(self, request, form, code=200) -> HttpResponse:
        return render(request, self.template_name, {"form": form}, status=code)

    def get(self, request: HttpRequest) -> HttpResponse:
        current = services.settings_for(self.tenant)
        return self._page(request, SettingsForm(initial=SettingsForm.initial_of(current)))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_save(tenant=self.tenant, data=form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De instellingen van de begroting zijn opgeslagen.")
                return redirect(
                    reverse("finance:finance_settings", kwargs={"tenant_code": self.tenant.code})
                )
        return self._page(request, form, code=422)
