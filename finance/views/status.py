"""The begroting's life cycle (part "status"): the status panel on a version's page with the
approval trail and the steps of the cycle, recording and deleting a step, the ALV's
vaststelling and a new version for the next cycle. The comparison is in ``views.compare``.

Who may (``finance.portal``):

* every reader of the version sees the panel and its trail;
* the bestuurder and toezicht (``finance.record_begroting_approval``) record a step while the
  version is a concept; the bestuurder deletes any step, toezicht only the steps they recorded;
* the bestuurder (``finance.change_begroting``) adopts and makes a new version.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.versioning import ApprovalBody, ApprovalOutcome

from .. import services
from ..access import APPROVALS, get_begroting_for_writing, may_delete_step
from ..forms_status import AdoptForm, ApprovalForm, NewVersionForm
from ..models import Begroting, BegrotingApproval, BegrotingStatus
from ..selectors import CHANGE, RECORD_APPROVAL, approval_trail, begroting_list
from ..workflow import required_bodies
from .panels import panel

TEMPLATES = "finance/status/"

# The cycle of a begroting, in its order (domain.md §9); the ALV's vaststelling closes it.
CYCLE = (
    (ApprovalBody.FINANCE, "Advies van de financiële commissie"),
    (ApprovalBody.RVT, "Goedkeuring door de raad van toezicht (RvT)"),
    (ApprovalBody.OPR, "Goedkeuring of instemming van de ondersteuningsplanraad (OPR)"),
)


def page_url(begroting: Begroting, anchor: str = "") -> str:
    url = reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def nav(begroting: Begroting) -> dict:
    return {
        "list_url": reverse(
            "finance:begroting_list", kwargs={"tenant_code": begroting.tenant.code}
        ),
        "page_url": page_url(begroting),
    }


def has_concept(begroting: Begroting) -> bool:
    """A concept of this begroting exists already (the service's own test)."""
    return begroting.versions().filter(status=BegrotingStatus.CONCEPT).exists()


# --- The status panel ------------------------------------------------------------------------


def cycle_steps(begroting: Begroting, own: list[BegrotingApproval]) -> list[dict]:
    """The steps of the cycle in order, each with whether it is needed (the tenant's setting)
    and the positive step of this version's own trail that did it (or None)."""
    needed = required_bodies(begroting)
    done = {}
    for step in own:
        if step.outcome == ApprovalOutcome.POSITIVE:
            done.setdefault(step.body, step)
    bodies = list(CYCLE) + [
        (body, ApprovalBody(body).label) for body in needed if body not in dict(CYCLE)
    ]
    steps = [
        {"label": label, "needed": body in needed, "done": done.get(body)} for body, label in bodies
    ]
    alv = done.get(ApprovalBody.ALV) if begroting.is_adopted else None
    steps.append(
        {"label": "Vaststelling door de algemene ledenvergadering (ALV, november)",
         "needed": True, "done": alv, "adopted_on": begroting.adopted_on}
    )  # fmt: skip
    return steps


def status_context(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict:
    """Version, status, what it is based on, the cycle and the trail: a fixed number of
    queries."""
    membership = http_request.membership
    trail = list(approval_trail(begroting).order_by("date", "position", "pk"))
    own_ids = set(BegrotingApproval.own_trail(begroting).values_list("pk", flat=True))
    versions = list(
        begroting_list(membership=membership)
        .filter(lineage=begroting.lineage)
        .order_by("-version_major", "-version_minor", "-pk")
    )
    based_on = next((v for v in versions if v.pk == begroting.based_on_id), None)
    record = begroting.is_editable and can(membership, RECORD_APPROVAL, begroting)
    change = can(membership, CHANGE, begroting)
    concept_exists = any(v.status == BegrotingStatus.CONCEPT for v in versions)
    return {
        "begroting": begroting,
        "trail": [
            {"step": step, "deletable": record and may_delete_step(membership, begroting, step)}
            for step in trail
        ],
        "cycle": cycle_steps(begroting, [s for s in trail if s.pk in own_ids]),
        "based_on": based_on,
        "versions": versions,
        "can_record": record,
        "can_adopt": change and begroting.is_editable,
        "can_new_version": change and begroting.is_adopted and not concept_exists,
        "can_compare": len(begroting_list(membership=membership)[:2]) > 1,
    }


@panel(order=10, template=TEMPLATES + "_panel.html")
def status(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict:
    return status_context(http_request, begroting, can_write)


# --- The approval trail ----------------------------------------------------------------------


def get_step(begroting: Begroting, begroting_step_id: int) -> BegrotingApproval:
    step = (
        BegrotingApproval.objects.filter(begroting=begroting, pk=begroting_step_id)
        .select_related("recorded_by")
        .first()
    )
    if step is None:
        raise Http404("Deze stap in het goedkeuringstraject bestaat niet (meer).")
    return step


class ApprovalCreateView(TenantPageMixin, View):
    """GET: the form; POST: the step is added to this version's trail."""

    capability = RECORD_APPROVAL

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = APPROVALS.get_for_writing(request, begroting_id)
        return self._page(request, begroting, ApprovalForm())

    def post(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = APPROVALS.get_for_writing(request, begroting_id)
        form = ApprovalForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ApprovalForm._meta.fields}
            try:
                step = services.approval_add(begroting=begroting, data=data, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Vastgelegd in het goedkeuringstraject: {step}.")
                return redirect(page_url(begroting, "goedkeuringstraject"))
        return self._page(request, begroting, form, code=422)

    def _page(self, request, begroting, form, code: int = 200) -> HttpResponse:
        context = {"begroting": begroting, "form": form, **nav(begroting)}
        return render(request, TEMPLATES + "approval_form.html", context, status=code)


class ApprovalDeleteView(TenantPageMixin, View):
    """GET: the confirmation; POST: the step goes. 403 for toezicht on another's step."""

    capability = RECORD_APPROVAL

    def _step(self, request, begroting_id: int, begroting_step_id: int):
        begroting = APPROVALS.get_for_writing(request, begroting_id)
        step = get_step(begroting, begroting_step_id)
        if begroting.is_editable and not may_delete_step(request.membership, begroting, step):
            raise PermissionDenied(
                "U mag alleen de stappen verwijderen die u zelf hebt vastgelegd."
            )
        return begroting, step

    def get(self, request: HttpRequest, begroting_id: int, begroting_step_id: int) -> HttpResponse:
        begroting, step = self._step(request, begroting_id, begroting_step_id)
        errors = [] if begroting.is_editable else [_trail_fixed(begroting)]
        return self._page(request, begroting, step, errors)

    def post(self, request: HttpRequest, begroting_id: int, begroting_step_id: int) -> HttpResponse:
        begroting, step = self._step(request, begroting_id, begroting_step_id)
        label = str(step)
        try:
            services.approval_delete(step=step, by=request.user)
        except ValidationError as exc:
            return self._page(request, begroting, step, exc.messages, code=422)
        messages.success(request, f"Verwijderd uit het goedkeuringstraject: {label}.")
        return redirect(page_url(begroting, "goedkeuringstraject"))

    def _page(self, request, begroting, step, errors=(), code: int = 200) -> HttpResponse:
        context = {"begroting": begroting, "step": step, "errors": list(errors), **nav(begroting)}
        return render(request, TEMPLATES + "approval_delete.html", context, status=code)


def _trail_fixed(begroting: Begroting) -> str:
    return (
        f"Versie {begroting.version} is vastgesteld: het goedkeuringstraject ligt vast en "
        "verandert niet meer."
    )


# --- Vaststellen ----------------------------------------------------------------------------


class BegrotingAdoptView(TenantPageMixin, View):
    """GET: what still blocks the vaststelling, or the form with the ALV's date and the
    confirmation; POST: the version is adopted and read-only from then on."""

    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        return self._page(request, begroting, AdoptForm(), self._problems(begroting))

    def post(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        form = AdoptForm(request.POST)
        problems = self._problems(begroting)
        if form.is_valid() and not problems:
            try:
                adopted = services.begroting_adopt(
                    begroting=begroting,
                    on=form.cleaned_data["date"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(
                    request,
                    f"Versie {adopted.version} van de begroting is vastgesteld. Deze versie "
                    "verandert niet meer; voor wijzigingen maakt u een nieuwe versie.",
                )
                return redirect(page_url(adopted))
        return self._page(request, begroting, form, problems, code=422)

    def _problems(self, begroting: Begroting) -> list[str]:
        """What still blocks the vaststelling (the workflow's reasons), said plainly for a
        version that is vastgesteld already."""
        if begroting.is_adopted:
            return [
                f"Versie {begroting.version} is al vastgesteld op "
                f"{begroting.adopted_on:%d-%m-%Y}. Zij verandert niet meer."
            ]
        return services.adopt_problems(begroting)

    def _page(self, request, begroting, form, problems, code: int = 200) -> HttpResponse:
        context = {
            "begroting": begroting,
            "form": form,
            "problems": problems,
            "cycle": cycle_steps(begroting, list(BegrotingApproval.own_trail(begroting))),
            **nav(begroting),
        }
        return render(request, TEMPLATES + "adopt.html", context, status=code)


# --- A new version ---------------------------------------------------------------------------


class BegrotingNewVersionView(TenantPageMixin, View):
    """GET: the confirmation with the years of the new version (by default the next cycle);
    POST: a concept copy of this vastgestelde version."""

    capability = CHANGE

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        initial = {"first_year": begroting.first_year + 1, "last_year": begroting.last_year + 1}
        return self._page(request, begroting, NewVersionForm(initial=initial))

    def post(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting = get_begroting_for_writing(request, begroting_id)
        form = NewVersionForm(request.POST)
        if form.is_valid() and not self._problem(begroting):
            try:
                copy = services.begroting_new_version(
                    begroting=begroting,
                    first_year=form.cleaned_data["first_year"],
                    last_year=form.cleaned_data["last_year"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"Versie {copy.version} ({copy.first_year}–{copy.last_year}) is gemaakt als "
                    f"concept, met de regels en bedragen van versie {begroting.version}. Versie "
                    f"{begroting.version} blijft zoals zij is.",
                )
                return redirect(page_url(copy))
        return self._page(request, begroting, form, code=422)

    def _problem(self, begroting: Begroting) -> str:
        """What the service would refuse with, said before the person presses the button."""
        if not begroting.is_adopted:
            return "Deze versie is nog een concept: u kunt haar gewoon bewerken."
        if has_concept(begroting):
            return "Er is al een conceptversie van deze begroting. Werk verder in die versie."
        return ""

    def _page(self, request, begroting, form, code: int = 200) -> HttpResponse:
        problem = self._problem(begroting)
        context = {"begroting": begroting, "form": form, "problem": problem, **nav(begroting)}
        return render(request, TEMPLATES + "new_version.html", context, status=code)
