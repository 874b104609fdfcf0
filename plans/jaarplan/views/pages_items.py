"""Adding, editing, moving and deleting verbeterpunten and activities on the jaarplan page, in
place with htmx as on the OSP page (``plans.views_items``).

Every view also works without JavaScript: a GET shows a whole page, a POST goes back to the
jaarplan at the part's anchor with a message. With htmx an edited activity swaps its own row;
a structural change (add, move, delete, a verbeterpunt's text) swaps the tree, which keeps the
filter of the page it came from. Only the bestuurder writes (``get_jaarplan_for_writing``), and
only while the jaarplan is a concept: the services refuse otherwise, with their own message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin

from ...models import Activity, Improvement, Jaarplan
from ...services import EditConflict
from .. import services
from ..access import get_activity, get_improvement, get_jaarplan_for_user, get_jaarplan_for_writing
from ..forms_pages import ActivityForm, ImprovementCreateForm, ImprovementEditForm
from ..selectors import CHANGE, VIEW, jaarplan_tree
from .pages import (
    TREE_ID,
    activity_filter,
    decorate,
    filters_of,
    jaarplan_url,
    page_context,
)

TEMPLATES = "plans/jaarplan/pages/"


def _sentence(text: str) -> str:
    return text if text.endswith(("…", ".", "?", "!")) else f"{text}."


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def locked_message(jaarplan: Jaarplan) -> str:
    return (
        f"Versie {jaarplan.version} van het jaarplan is "
        f"{jaarplan.get_status_display().lower()}: de inhoud ligt vast. Alleen de status en de "
        "voortgang van activiteiten kunnen nog veranderen. Maak een nieuwe versie om de inhoud "
        "te wijzigen."
    )


def _refused(request: HttpRequest, jaarplan: Jaarplan) -> HttpResponse | None:
    """A form asked for on a jaarplan whose content is fixed: say so, on the page (htmx: its
    tree, which offers no edit buttons then). None: the jaarplan is a concept."""
    if jaarplan.is_editable:
        return None
    messages.error(request, locked_message(jaarplan))
    if not request.htmx:
        return redirect(jaarplan_url(jaarplan))
    return tree_response(request, jaarplan, focus=TREE_ID, said="")


def tree_response(request: HttpRequest, jaarplan: Jaarplan, *, focus: str, said: str):
    """After a structural change: the whole tree (numbers, counts and empty states move), the
    focus on ``focus`` (an element id) and ``said`` announced; without htmx the page at it."""
    if not request.htmx:
        if said:
            messages.success(request, said)
        return redirect(jaarplan_url(jaarplan, focus))
    context = page_context(request, jaarplan, True, filters_of(request), focus=focus, announce=said)
    response = render(request, f"{TEMPLATES}jaarplan_detail.html#tree", context)
    response["HX-Retarget"] = f"#{TREE_ID}"
    response["HX-Reswap"] = "outerHTML"
    return response


def row_context(request: HttpRequest, jaarplan: Jaarplan, may_change: bool, activity_id: int):
    """One activity as the tree shows it: decorated, and knowing its place among its siblings."""
    tree = jaarplan_tree(jaarplan, activities=Activity.objects.filter(pk=activity_id))
    if not tree.activities:
        raise Http404("Deze activiteit bestaat niet (meer).")
    activity = tree.activities[0]
    can_write = may_change and jaarplan.is_editable
    decorate(request, jaarplan, [activity], can_write=can_write)
    siblings = list(
        Activity.objects.filter(improvement_id=activity.improvement_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    activity.is_first, activity.is_last = siblings[0] == activity.pk, siblings[-1] == activity.pk
    filtered = activity_filter(jaarplan, filters_of(request))
    return {
        "jaarplan": jaarplan,
        "activity": activity,
        "can_write": can_write,
        "movable": can_write and not filtered.is_active,
        "show_actions": activity.show_actions,
    }


def _row(request, jaarplan, activity_id: int, may_change: bool, announce: str = ""):
    context = row_context(request, jaarplan, may_change, activity_id)
    context["activity"].focus = bool(announce)
    context["activity"].announce = announce
    return render(request, f"{TEMPLATES}activity_row.html", context)


# --- Activities -------------------------------------------------------------------------------


def _activity_form(request, jaarplan, form, *, improvement, activity=None, conflict=None, code=200):
    if not form.errors and not conflict:  # else the error summary takes the focus
        form.fields["result"].widget.attrs["autofocus"] = True
    template = f"{TEMPLATES}activity_form.html" + ("#form" if request.htmx else "")
    context = {
        "jaarplan": jaarplan,
        "improvement": improvement,
        "activity": activity,
        "form": form,
        "conflict": conflict,
        "keep": filters_of(request).urlencode(),
    }
    return render(request, template, context, status=code)


class ActivityShowView(TenantPageMixin, View):
    """One row (htmx: after Annuleren, or from another part's inline form); else the page."""

    capability = VIEW

    def get(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        jaarplan, may_change = get_jaarplan_for_user(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        if not request.htmx:
            return redirect(jaarplan_url(jaarplan, f"activiteit-{activity.pk}"))
        return _row(request, jaarplan, activity.pk, may_change)


class ActivityCreateView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int, improvement_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        improvement = get_improvement(jaarplan, improvement_id)
        if refused := _refused(request, jaarplan):
            return refused
        form = ActivityForm(jaarplan=jaarplan)
        return _activity_form(request, jaarplan, form, improvement=improvement)

    def post(self, request: HttpRequest, jaarplan_id: int, improvement_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        improvement = get_improvement(jaarplan, improvement_id)
        form = ActivityForm(request.POST, jaarplan=jaarplan)
        if form.is_valid():
            try:
                activity = services.activity_create(
                    improvement=improvement, data=form.data_for_service(), by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = _sentence(f"Activiteit toegevoegd: {_short(activity.result)}")
                return tree_response(
                    request, jaarplan, focus=f"activiteit-{activity.pk}", said=said
                )
        return _activity_form(request, jaarplan, form, improvement=improvement, code=422)


class ActivityEditView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        if refused := _refused(request, jaarplan):
            return refused
        form = _edit_form(jaarplan, activity)
        return _activity_form(
            request, jaarplan, form, improvement=activity.improvement, activity=activity
        )

    def post(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        form = ActivityForm(request.POST, jaarplan=jaarplan, keep_month=_month(activity))
        if form.is_valid():
            try:
                saved = services.activity_update(
                    activity=activity,
                    data=form.data_for_service(),
                    revision=form.cleaned_data["revision"] or 0,
                    by=request.user,
                )
            except EditConflict as exc:
                # The current version to edit, with the message and what this person typed.
                current = get_activity(jaarplan, activity.pk)
                conflict = {"message": exc.messages[0], "mine": form.labelled()}
                return _activity_form(
                    request,
                    jaarplan,
                    _edit_form(jaarplan, current),
                    improvement=current.improvement,
                    activity=current,
                    conflict=conflict,
                    code=409,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = _sentence(f"Opgeslagen: {_short(saved.result)}")
                if not request.htmx:
                    messages.success(request, said)
                    return redirect(jaarplan_url(jaarplan, f"activiteit-{saved.pk}"))
                return _row(request, jaarplan, saved.pk, True, announce=said)
        return _activity_form(
            request, jaarplan, form, improvement=activity.improvement, activity=activity, code=422
        )


def _month(activity: Activity):
    return activity.due_date if activity.due_is_month else None


def _edit_form(jaarplan: Jaarplan, activity: Activity) -> ActivityForm:
    return ActivityForm(
        jaarplan=jaarplan, keep_month=_month(activity), initial=ActivityForm.initial_of(activity)
    )


class ActivityDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def _confirm(self, request, jaarplan, activity, errors=(), code=200) -> HttpResponse:
        template = f"{TEMPLATES}activity_delete.html" + ("#confirm" if request.htmx else "")
        context = {"jaarplan": jaarplan, "activity": activity, "errors": list(errors)}
        return render(request, template, context, status=code)

    def get(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        if refused := _refused(request, jaarplan):
            return refused
        return self._confirm(request, jaarplan, activity)

    def post(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        try:
            services.activity_delete(activity=activity, by=request.user)
        except ValidationError as exc:
            return self._confirm(request, jaarplan, activity, exc.messages, code=422)
        said = _sentence(f"Activiteit verwijderd: {_short(activity.result)}")
        focus = f"verbeterpunt-{activity.improvement_id}-title"
        return tree_response(request, jaarplan, focus=focus, said=said)


class ActivityMoveView(TenantPageMixin, View):
    capability = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        direction = request.POST.get("richting", "")
        if direction not in ("omhoog", "omlaag"):
            messages.error(request, "Kies of de activiteit omhoog of omlaag moet.")
            return tree_response(request, jaarplan, focus=f"activiteit-{activity.pk}", said="")
        try:
            services.activity_move(activity=activity, direction=direction, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return tree_response(request, jaarplan, focus=f"activiteit-{activity.pk}", said="")
        activity.refresh_from_db(fields=["position"])
        said = f"De activiteit staat nu op plaats {activity.position} van haar verbeterpunt."
        return tree_response(request, jaarplan, focus=f"activiteit-{activity.pk}", said=said)


# --- Verbeterpunten ---------------------------------------------------------------------------


def _improvement_form(request, jaarplan, form, *, improvement=None, conflict=None, code=200):
    if not form.errors and not conflict:
        form.fields["title"].widget.attrs["autofocus"] = True
    template = f"{TEMPLATES}improvement_form.html" + ("#form" if request.htmx else "")
    context = {
        "jaarplan": jaarplan,
        "improvement": improvement,
        "form": form,
        "conflict": conflict,
        "keep": filters_of(request).urlencode(),
    }
    return render(request, template, context, status=code)


class ImprovementCreateView(TenantPageMixin, View):
    """An item of its own: 'Aanvullend (beleidsmatig)', or under a doel of the jaarplan's plan."""

    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        if refused := _refused(request, jaarplan):
            return refused
        form = ImprovementCreateForm(jaarplan=jaarplan, initial={"goal": request.GET.get("doel")})
        return _improvement_form(request, jaarplan, form)

    def post(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        form = ImprovementCreateForm(request.POST, jaarplan=jaarplan)
        if form.is_valid():
            try:
                improvement = services.improvement_create(
                    jaarplan=jaarplan,
                    title=form.cleaned_data["title"],
                    by=request.user,
                    **form.goal_data(),
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = _sentence(f"Verbeterpunt toegevoegd: {_short(improvement.title)}")
                focus = f"verbeterpunt-{improvement.pk}-title"
                return tree_response(request, jaarplan, focus=focus, said=said)
        return _improvement_form(request, jaarplan, form, code=422)


class ImprovementEditView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int, improvement_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        improvement = get_improvement(jaarplan, improvement_id)
        if refused := _refused(request, jaarplan):
            return refused
        form = ImprovementEditForm(
            initial={"title": improvement.title, "revision": improvement.revision}
        )
        return _improvement_form(request, jaarplan, form, improvement=improvement)

    def post(self, request: HttpRequest, jaarplan_id: int, improvement_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        improvement = get_improvement(jaarplan, improvement_id)
        form = ImprovementEditForm(request.POST)
        if form.is_valid():
            try:
                saved = services.improvement_update(
                    improvement=improvement,
                    title=form.cleaned_data["title"],
                    revision=form.cleaned_data["revision"] or 0,
                    by=request.user,
                )
            except EditConflict as exc:
                current = Improvement.objects.get(pk=improvement.pk)
                fresh = ImprovementEditForm(
                    initial={"title": current.title, "revision": current.revision}
                )
                conflict = {
                    "message": exc.messages[0],
                    "mine": [("Verbeterpunt", form.cleaned_data["title"])],
                }
                return _improvement_form(
                    request, jaarplan, fresh, improvement=current, conflict=conflict, code=409
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = _sentence(f"Opgeslagen: {_short(saved.title)}")
                focus = f"verbeterpunt-{saved.pk}-title"
                return tree_response(request, jaarplan, focus=focus, said=said)
        return _improvement_form(request, jaarplan, form, improvement=improvement, code=422)


class ImprovementDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def _confirm(self, request, jaarplan, improvement, errors=(), code=200) -> HttpResponse:
        template = f"{TEMPLATES}improvement_delete.html" + ("#confirm" if request.htmx else "")
        context = {
            "jaarplan": jaarplan,
            "improvement": improvement,
            "count": Activity.objects.filter(improvement=improvement).count(),
            "errors": list(errors),
            "keep": filters_of(request).urlencode(),
        }
        return render(request, template, context, status=code)

    def get(self, request: HttpRequest, jaarplan_id: int, improvement_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        improvement = get_improvement(jaarplan, improvement_id)
        if refused := _refused(request, jaarplan):
            return refused
        return self._confirm(request, jaarplan, improvement)

    def post(self, request: HttpRequest, jaarplan_id: int, improvement_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        improvement = get_improvement(jaarplan, improvement_id)
        try:
            services.improvement_delete(improvement=improvement, by=request.user)
        except ValidationError as exc:
            return self._confirm(request, jaarplan, improvement, exc.messages, code=422)
        said = _sentence(f"Verbeterpunt verwijderd: {_short(improvement.title)}")
        return tree_response(request, jaarplan, focus=TREE_ID, said=said)
