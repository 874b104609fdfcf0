"""A begroting's lines on the version page: amounts in place (htmx), a line's title, note,
forecast and source, new lines and sub-lines, deleting and moving.

Every view also works without JavaScript: a GET shows a whole page, a POST goes back to the
version page at the line with a message. With htmx, "Bedragen wijzigen" swaps the line's row
for a form row; saving swaps the whole table (the group totals, totale lasten and resultaat
change with it) and puts the focus back on the row; Annuleren (or Escape) puts the row back.
Only the bestuurder writes (``get_begroting_for_writing``), and only on a concept: the services
refuse otherwise, with their own Dutch message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.versioning import EditConflict

from .. import services
from ..access import get_begroting_for_user, get_begroting_for_writing, get_line
from ..forms import AmountsForm, LineForm
from ..models import Begroting, BudgetAmount, BudgetLine, LineGroup, LineSource
from ..selectors import CHANGE, VIEW
from .pages import TEMPLATES, begroting_url, locked_message, table_context, table_response


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _refuse(request: HttpRequest, begroting: Begroting, message: str, anchor: str = ""):
    """A form that cannot be used here: back to the version page with the reason (htmx: the
    whole page, so the message shows)."""
    messages.error(request, message)
    url = begroting_url(begroting, anchor)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _locked(request: HttpRequest, begroting: Begroting) -> HttpResponse | None:
    if begroting.is_editable:
        return None
    return _refuse(request, begroting, locked_message(begroting))


def _line_urls(begroting: Begroting, line: BudgetLine) -> dict[str, str]:
    kwargs = {
        "tenant_code": begroting.tenant.code,
        "begroting_id": begroting.pk,
        "line_id": line.pk,
    }
    return {
        "action": reverse("finance:amounts_edit", kwargs=kwargs),
        "show_url": reverse("finance:line_show", kwargs=kwargs),
        "page_url": begroting_url(begroting, f"regel-{line.pk}"),
    }


class LineShowView(TenantPageMixin, View):
    """One row of the table (htmx: after Annuleren); without htmx the page at the line."""

    capability = VIEW

    def get(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting, may_change = get_begroting_for_user(request, begroting_id)
        line = get_line(begroting, line_id)
        if not request.htmx:
            return redirect(begroting_url(begroting, f"regel-{line.pk}"))
        context = table_context(begroting, may_change, focus=line.pk)
        context["row"] = next(row for row in context["table"].rows() if row.line.id == line.pk)
        return render(request, f"{TEMPLATES}_row.html", context)


# --- Amounts ----------------------------------------------------------------------------------


def _current_amounts(begroting: Begroting, line: BudgetLine) -> dict[int, int]:
    found = dict(BudgetAmount.objects.filter(line=line).values_list("year", "amount"))
    return {year: found.get(year, 0) for year in begroting.years}


def _amounts_page(request, begroting, line, form, *, conflict=None, code=200) -> HttpResponse:
    if not form.errors and not conflict:
        first = next(iter(form.year_fields()), None)
        if first is not None:
            first[1].field.widget.attrs["autofocus"] = True
    else:
        form.mark_errors()
    context = {
        "begroting": begroting,
        "line": line,
        "form": form,
        "conflict": conflict,
        "depth": 1 if line.parent_id else 0,
        **_line_urls(begroting, line),
    }
    template = f"{TEMPLATES}amounts_form.html" + ("#row" if request.htmx else "")
    return render(request, template, context, status=code)


def _amounts_refusal(line: BudgetLine) -> str:
    if line.source == LineSource.VANGNET:
        return (
            f"De bedragen van “{_short(line.title)}” komen uit de goedgekeurde "
            "vangnetdeclaraties: u typt ze niet."
        )
    return (
        f"“{_short(line.title)}” heeft subregels: zijn bedrag is hun som. "
        "Wijzig de bedragen van de subregels."
    )


class AmountsEditView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        if refused := _locked(request, begroting):
            return refused
        if line.source or line.children.exists():
            return _refuse(request, begroting, _amounts_refusal(line), f"regel-{line.pk}")
        amounts = _current_amounts(begroting, line)
        form = AmountsForm(
            line=line,
            years=begroting.years,
            in_row=bool(request.htmx),
            initial=AmountsForm.initial_of(line, amounts),
        )
        return _amounts_page(request, begroting, line, form)

    def post(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        form = AmountsForm(
            request.POST, line=line, years=begroting.years, in_row=bool(request.htmx)
        )
        if form.is_valid():
            try:
                services.amounts_set(
                    line=line,
                    amounts=form.amounts(),
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except EditConflict as exc:
                current = get_line(begroting, line.pk)
                fresh = AmountsForm(
                    line=current,
                    years=begroting.years,
                    in_row=bool(request.htmx),
                    initial=AmountsForm.initial_of(current, _current_amounts(begroting, current)),
                )
                conflict = {"message": exc.messages[0], "mine": form.labelled()}
                return _amounts_page(
                    request, begroting, current, fresh, conflict=conflict, code=409
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = f"Opgeslagen: de bedragen van {_short(line.title)}."
                return table_response(request, begroting, focus=line.pk, said=said, notice=True)
        return _amounts_page(request, begroting, line, form, code=422)


# --- A line's text, new lines and sub-lines ----------------------------------------------------


def _line_page(
    request, begroting, form, *, line=None, parent=None, group="", conflict=None, code=200
):
    context = {
        "begroting": begroting,
        "form": form,
        "line": line,
        "parent": parent,
        "group": group,
        "conflict": conflict,
    }
    return render(request, f"{TEMPLATES}line_form.html", context, status=code)


def _group_of(request: HttpRequest) -> str:
    group = request.POST.get("groep") or request.GET.get("groep") or ""
    return group if group in LineGroup.values else ""


class LineCreateView(TenantPageMixin, View):
    """A new line at the end of a group (``?groep=baten``)."""

    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        if refused := _locked(request, begroting):
            return refused
        group = _group_of(request) or LineGroup.INCOME
        return _line_page(request, begroting, LineForm(), group=group)

    def post(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        group = _group_of(request)
        form = LineForm(request.POST)
        if not group:
            form.add_error(None, "Kies de groep waarin de regel komt.")
        elif form.is_valid():
            try:
                line = services.line_create(
                    begroting=begroting, group=group, by=request.user, **form.data_for_service()
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"Regel toegevoegd aan {LineGroup(group).label}: {_short(line.title)}. "
                    "Vul nu de bedragen in.",
                )
                return redirect(begroting_url(begroting, f"regel-{line.pk}"))
        return _line_page(request, begroting, form, group=group or LineGroup.INCOME, code=422)


class SubLineCreateView(TenantPageMixin, View):
    """A sub-line under a line (a programma's posts); the first takes over the line's amounts."""

    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        parent = get_line(begroting, line_id)
        if refused := _locked(request, begroting):
            return refused
        return _line_page(request, begroting, LineForm(sub_line=True), parent=parent)

    def post(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        parent = get_line(begroting, line_id)
        form = LineForm(request.POST, sub_line=True)
        if form.is_valid():
            first = not parent.children.exists()
            try:
                line = services.line_create(
                    begroting=begroting,
                    group=parent.group,
                    parent=parent,
                    by=request.user,
                    **form.data_for_service(),
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = f"Subregel toegevoegd onder {_short(parent.title)}: {_short(line.title)}."
                if first:
                    said += " De bedragen van de hoofdregel staan nu bij deze subregel."
                messages.success(request, said)
                return redirect(begroting_url(begroting, f"regel-{line.pk}"))
        return _line_page(request, begroting, form, parent=parent, code=422)


class LineEditView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        if refused := _locked(request, begroting):
            return refused
        form = LineForm(initial=LineForm.initial_of(line), sub_line=line.parent_id is not None)
        return _line_page(request, begroting, form, line=line, parent=line.parent)

    def post(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        sub_line = line.parent_id is not None
        form = LineForm(request.POST, sub_line=sub_line)
        if form.is_valid():
            try:
                saved = services.line_update(
                    line=line,
                    data=form.data_for_service(),
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except EditConflict as exc:
                current = get_line(begroting, line.pk)
                fresh = LineForm(initial=LineForm.initial_of(current), sub_line=sub_line)
                conflict = {"message": exc.messages[0], "mine": form.labelled()}
                return _line_page(
                    request,
                    begroting,
                    fresh,
                    line=current,
                    parent=current.parent,
                    conflict=conflict,
                    code=409,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Opgeslagen: {_short(saved.title)}.")
                return redirect(begroting_url(begroting, f"regel-{saved.pk}"))
        return _line_page(request, begroting, form, line=line, parent=line.parent, code=422)


# --- Deleting and moving --------------------------------------------------------------------------


class LineDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def _confirm(self, request, begroting, line, errors=(), code=200) -> HttpResponse:
        context = {
            "begroting": begroting,
            "line": line,
            "children": list(
                line.children.order_by("position", "pk").values_list("title", flat=True)
            ),
            "errors": list(errors),
        }
        return render(request, f"{TEMPLATES}line_delete.html", context, status=code)

    def get(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        if refused := _locked(request, begroting):
            return refused
        return self._confirm(request, begroting, line)

    def post(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        title, parent_id = line.title, line.parent_id
        try:
            services.line_delete(line=line, by=request.user)
        except ValidationError as exc:
            return self._confirm(request, begroting, line, exc.messages, code=422)
        messages.success(request, f"Regel verwijderd: {_short(title)}.")
        anchor = f"regel-{parent_id}" if parent_id else "begroting-tabel-title"
        return redirect(begroting_url(begroting, anchor))


DIRECTIONS = {"omhoog": "up", "omlaag": "down"}


class LineMoveView(TenantPageMixin, View):
    """One place up or down among its siblings (POST only)."""

    capability = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, begroting_id: int, line_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        line = get_line(begroting, line_id)
        direction = DIRECTIONS.get(request.POST.get("richting", ""))
        if direction is None:
            return _refuse(request, begroting, "Kies of de regel omhoog of omlaag moet.")
        try:
            services.line_move(line=line, direction=direction, by=request.user)
        except ValidationError as exc:
            return _refuse(request, begroting, " ".join(exc.messages))
        line.refresh_from_db(fields=["position"])
        where = "subregels" if line.parent_id else "groep"
        said = f"“{_short(line.title)}” staat nu op plaats {line.position} van haar {where}."
        return table_response(request, begroting, focus=line.pk, said=said)
