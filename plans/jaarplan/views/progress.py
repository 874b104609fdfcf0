"""Progress and evaluation of one activity, inline on the jaarplan's page and as pages of their own.

* **Voortgang** (``activity_progress``): status, toelichting and a note, with the activity's
  history below. For the bestuurder and for the member responsible for the activity
  (``access.get_activity_for_progress``), until the jaarplan is geëvalueerd.
* **Evalueren** (``activity_evaluate``): behaald / deels / niet and a sentence, the bestuurder's,
  in a vastgesteld jaarplan.

With htmx (a row action on the jaarplan's page) a GET gives the part ``#detail`` to put below
the activity's row; a save swaps that part again, says what was saved and sends the event
``activiteit-bijgewerkt`` (with the activity's id, and ``activiteit-bijgewerkt-<id>``) so the
page can refresh the row. Without htmx the same URLs are whole pages and a save goes back to
the jaarplan, or to "Mijn activiteiten" (``terug=mijn``).
"""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.text import capfirst
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin

from ...models import Activity, ActivityNote, ActivityStatus, Jaarplan, JaarplanStatus
from ...services import EditConflict
from .. import services
from ..access import (
    ACTIVITY_PROGRESS,
    get_activity,
    get_activity_for_progress,
    get_jaarplan_for_writing,
    may_update_progress,
)
from ..forms_status import EvaluationForm, ProgressForm
from ..selectors import CHANGE, OWN_ACTIVITIES
from .panels import RowAction, row_action
from .status import TEMPLATES, jaarplan_page_url, nav

BACK_TO_MINE = "mijn"


# --- The row actions on the jaarplan's page (no query: objects and capabilities only) ----------


@row_action(order=10)
def progress(http_request: HttpRequest, jaarplan: Jaarplan, activity: Activity) -> RowAction | None:
    if not jaarplan.accepts_progress or not may_update_progress(http_request.membership, activity):
        return None
    url = reverse(
        "jaarplan:activity_progress",
        kwargs={"tenant_code": jaarplan.tenant.code, "activity_id": activity.pk},
    )
    return RowAction("Voortgang", url)


@row_action(order=20)
def evaluate(http_request: HttpRequest, jaarplan: Jaarplan, activity: Activity) -> RowAction | None:
    if jaarplan.status != JaarplanStatus.ADOPTED or not can(http_request.membership, CHANGE):
        return None
    url = reverse(
        "jaarplan:activity_evaluate",
        kwargs={
            "tenant_code": jaarplan.tenant.code,
            "jaarplan_id": jaarplan.pk,
            "activity_id": activity.pk,
        },
    )
    return RowAction("Evaluatie wijzigen" if activity.evaluation else "Evalueren", url)


# --- The history, in words --------------------------------------------------------------------


def _value(name: str, value, users: dict) -> str:
    if value in (None, ""):
        return "(leeg)"
    if name == "status":
        return str(ActivityStatus(value).label) if value in ActivityStatus.values else str(value)
    if name == "responsible":
        return str(users.get(value, "een oud-lid"))
    if name == "due_date":
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return truncatechars(str(value), 80)


def history(activity: Activity) -> list[dict]:
    """The activity's progress notes, newest first, each with its changes said in words. Two
    queries, however long the history."""
    notes = list(ActivityNote.objects.filter(activity=activity).select_related("written_by"))
    ids = {
        value
        for note in notes
        for value in note.changes.get("responsible", [])
        if isinstance(value, int)
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)} if ids else {}
    shown = []
    for note in notes:
        changes = []
        if note.status_to:
            was = _value("status", note.status_from, users) if note.status_from else "nieuw"
            changes.append(f"Status: {was} → {_value('status', note.status_to, users)}")
        for name, pair in note.changes.items():
            if name == "status" or not isinstance(pair, list) or len(pair) != 2:
                continue
            label = capfirst(Activity._meta.get_field(name).verbose_name)
            changes.append(
                f"{label}: {_value(name, pair[0], users)} → {_value(name, pair[1], users)}"
            )
        shown.append({"note": note, "changes": changes})
    return shown


# --- Shared by both pages ---------------------------------------------------------------------


def _changed(response: HttpResponse, activity: Activity) -> HttpResponse:
    """Tell the jaarplan's page (htmx) that this activity's row is out of date."""
    response["HX-Trigger"] = json.dumps(
        {"activiteit-bijgewerkt": {"id": activity.pk}, f"activiteit-bijgewerkt-{activity.pk}": {}}
    )
    return response


def _back(request: HttpRequest, activity: Activity) -> str:
    if request.POST.get("terug", request.GET.get("terug")) == BACK_TO_MINE:
        return reverse("jaarplan:my_activities", kwargs={"tenant_code": activity.tenant.code})
    return jaarplan_page_url(activity.jaarplan, f"activiteit-{activity.pk}")


def _mine(form) -> list[tuple[str, str]]:
    """What this person typed, to take over after a conflict (as on the plan's page)."""
    shown = []
    for name in (n for n in form.cleaned_data if n != "revision"):
        value = form.cleaned_data[name]
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        shown.append((str(field.label), str(choices.get(value, value))))
    return shown


class _ActivityPage(TenantPageMixin, View):
    """Renders the page or its ``#detail`` part, with the activity, its history and the form."""

    template_name = ""
    fields: tuple[str, ...] = ()
    form_class = ProgressForm

    id_prefix = "voortgang"

    def form_for(self, activity: Activity, data=None, current: Activity | None = None):
        """The form, with ids of its own per activity: several may be open on one page."""
        shown = current or activity
        initial = {name: getattr(shown, name) for name in self.fields}
        return self.form_class(
            data,
            initial={**initial, "revision": shown.revision},
            auto_id=f"{self.id_prefix}-{activity.pk}-%s",
        )

    def respond(self, request, activity, form, *, open_: bool, status=200, **extra):
        template = self.template_name + ("#detail" if request.htmx else "")
        context = {
            "activity": activity,
            "jaarplan": activity.jaarplan,
            "form": form,
            "open": open_,
            "history": history(activity),
            "terug": request.POST.get("terug", request.GET.get("terug", "")),
            "back_url": _back(request, activity),
            **nav(activity.jaarplan, self.tenant),
            **extra,
        }
        return render(request, template, context, status=status)


class ActivityProgressView(_ActivityPage):
    capability = OWN_ACTIVITIES
    template_name = TEMPLATES + "progress.html"
    fields = ("status", "explanation")

    def _activity(self, request: HttpRequest, activity_id: int) -> Activity:
        activity, may_update = get_activity_for_progress(request, activity_id)
        if not may_update:
            raise PermissionDenied(ACTIVITY_PROGRESS.read_only)
        return activity

    def get(self, request: HttpRequest, activity_id: int) -> HttpResponse:
        activity = self._activity(request, activity_id)
        if request.htmx and request.GET.get("deel") == "dicht":
            return HttpResponse("")  # "Sluiten": the part goes, the row stays
        open_ = activity.jaarplan.accepts_progress
        return self.respond(request, activity, self.form_for(activity), open_=open_)

    def post(self, request: HttpRequest, activity_id: int) -> HttpResponse:
        activity = self._activity(request, activity_id)
        form = self.form_for(activity, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.activity_progress(
                    activity=activity,
                    status=data["status"],
                    explanation=data["explanation"],
                    note=data["note"],
                    revision=data["revision"],
                    by=request.user,
                )
            except EditConflict as exc:
                current = exc.current
                fresh = self.form_for(activity, current=current)
                activity.status, activity.explanation = current.status, current.explanation
                activity.revision = current.revision
                conflict = {"message": exc.messages[0], "mine": _mine(form)}
                return self.respond(
                    request, activity, fresh, open_=True, status=409, conflict=conflict
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = f"Opgeslagen: de status van “{truncatechars(saved.result, 60)}” is "
                said += f"{saved.get_status_display().lower()}."
                return self._saved(request, activity, saved, said)
        return self.respond(request, activity, form, open_=True, status=422)

    def _saved(self, request, activity, saved: Activity, said: str) -> HttpResponse:
        if not request.htmx:
            messages.success(request, said)
            return redirect(_back(request, activity))
        saved.jaarplan, saved.improvement = activity.jaarplan, activity.improvement
        response = self.respond(request, saved, self.form_for(saved), open_=True, said=said)
        return _changed(response, saved)


class ActivityEvaluateView(_ActivityPage):
    capability = CHANGE
    template_name = TEMPLATES + "evaluate.html"
    fields = ("evaluation", "evaluation_text")
    form_class = EvaluationForm
    id_prefix = "evaluatie"

    def _activity(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> Activity:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        activity = get_activity(jaarplan, activity_id)
        activity.jaarplan = jaarplan
        return activity

    def get(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        activity = self._activity(request, jaarplan_id, activity_id)
        if request.htmx and request.GET.get("deel") == "dicht":
            return HttpResponse("")
        open_ = activity.jaarplan.status == JaarplanStatus.ADOPTED
        return self.respond(request, activity, self.form_for(activity), open_=open_)

    def post(self, request: HttpRequest, jaarplan_id: int, activity_id: int) -> HttpResponse:
        activity = self._activity(request, jaarplan_id, activity_id)
        form = self.form_for(activity, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.activity_evaluate(
                    activity=activity,
                    evaluation=data["evaluation"],
                    text=data["evaluation_text"],
                    revision=data["revision"],
                    by=request.user,
                )
            except EditConflict as exc:
                current = exc.current
                fresh = self.form_for(activity, current=current)
                activity.evaluation = current.evaluation
                activity.evaluation_text = current.evaluation_text
                activity.revision = current.revision
                conflict = {"message": exc.messages[0], "mine": _mine(form)}
                return self.respond(
                    request, activity, fresh, open_=True, status=409, conflict=conflict
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                said = f"Opgeslagen: de evaluatie van “{truncatechars(saved.result, 60)}” "
                said += f"({saved.get_evaluation_display().lower()})."
                if not request.htmx:
                    messages.success(request, said)
                    return redirect(_back(request, activity))
                saved.jaarplan, saved.improvement = activity.jaarplan, activity.improvement
                response = self.respond(request, saved, self.form_for(saved), open_=True, said=said)
                return _changed(response, saved)
        return self.respond(request, activity, form, open_=True, status=422)
