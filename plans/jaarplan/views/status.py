"""The jaarplan's life cycle (part "status"): the status panel on the jaarplan's page, the status
steps (vaststellen, geëvalueerd) with a confirmation, a new version, the approval trail and the
tenant's settings. Generating is in ``status_generate``, progress and evaluation of activities
in ``progress``, "Mijn activiteiten" in ``status_mine``.

Every page here changes the jaarplan, so it is the bestuurder's (``plans.change_jaarplan``):
another role gets a 403 before anything is read (``TenantPageMixin``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.versioning import ApprovalBody, ApprovalOutcome

from ...models import Activity, Jaarplan, JaarplanApproval, JaarplanStatus
from .. import services
from ..access import get_jaarplan_for_writing
from ..forms_status import ApprovalForm, SettingsForm
from ..selectors import CHANGE, jaarplan_list
from ..workflow import JAARPLAN_WORKFLOW, required_bodies
from .panels import panel

TEMPLATES = "plans/jaarplan/status/"

# What the button to each next status says.
STEP_LABELS = {
    JaarplanStatus.ADOPTED: "Jaarplan vaststellen",
    JaarplanStatus.EVALUATED: "Jaar afsluiten: geëvalueerd",
}


# --- Links to the pages of other parts --------------------------------------------------------


def url_or_none(name: str, **kwargs) -> str | None:
    """A page of another part, or None while that part is not there (before the lead merges)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def jaarplan_page_url(jaarplan: Jaarplan, anchor: str = "") -> str:
    """The jaarplan's own page (part "pages"); without it, this part's status page."""
    kwargs = {"tenant_code": jaarplan.tenant.code, "jaarplan_id": jaarplan.pk}
    url = url_or_none("jaarplan:jaarplan_detail", **kwargs) or reverse(
        "jaarplan:jaarplan_status", kwargs=kwargs
    )
    return f"{url}#{anchor}" if anchor else url


def nav(jaarplan: Jaarplan | None, tenant) -> dict:
    """The breadcrumb's links: the list of jaarplannen and this jaarplan's page."""
    return {
        "list_url": url_or_none("jaarplan:jaarplan_list", tenant_code=tenant.code),
        "page_url": jaarplan_page_url(jaarplan) if jaarplan is not None else None,
    }


# --- The status panel on the jaarplan's page ---------------------------------------------------


def status_context(http_request: HttpRequest, jaarplan: Jaarplan, may_change: bool) -> dict:
    """Status, dates, the approval trail of this version, the next steps with what blocks them,
    and the other versions of the school year: a fixed number of queries."""
    trail = list(JaarplanApproval.own_trail(jaarplan).order_by("date", "position", "pk"))
    positive = {step.body for step in trail if step.outcome == ApprovalOutcome.POSITIVE}
    versions = list(
        jaarplan_list(membership=http_request.membership)
        .filter(lineage=jaarplan.lineage)
        .order_by("-version_major", "-version_minor")
    )
    for version in versions:  # their links need the tenant's code: no query per version
        version.tenant = jaarplan.tenant
    newer_concept = any(  # the service's own test: no second concept of one school year
        v.status == JaarplanStatus.CONCEPT
        and v.version_major >= jaarplan.version_major
        and v.pk > jaarplan.pk
        for v in versions
    )
    code = jaarplan.tenant.code
    kwargs = {"tenant_code": code, "jaarplan_id": jaarplan.pk}
    steps = []
    if may_change:
        status_url = reverse("jaarplan:jaarplan_status", kwargs=kwargs)
        for target, problems in JAARPLAN_WORKFLOW.options(jaarplan):
            steps.append(
                {
                    "target": target,
                    "label": STEP_LABELS.get(target, target),
                    "problems": problems,
                    "url": f"{status_url}?naar={target}",
                }
            )
    missing = None
    if jaarplan.status == JaarplanStatus.ADOPTED:
        missing = Activity.objects.filter(jaarplan=jaarplan, evaluation="").count()
    return {
        "jaarplan": jaarplan,
        "may_change": may_change,
        "trail": trail,
        "required": [
            {"label": ApprovalBody(body).label, "given": body in positive}
            for body in required_bodies(jaarplan)
        ],
        "can_edit_approvals": may_change and jaarplan.is_editable,
        "steps": steps,
        "missing_evaluations": missing,
        "can_new_version": may_change and jaarplan.is_adopted and not newer_concept,
        "versions": [{"jaarplan": v, "url": jaarplan_page_url(v)} for v in versions],
        "settings_url": reverse("jaarplan:jaarplan_settings", kwargs={"tenant_code": code})
        if may_change
        else None,
    }


@panel(order=10, template=TEMPLATES + "_panel.html")
def status(http_request: HttpRequest, jaarplan: Jaarplan, can_write: bool) -> dict:
    return status_context(http_request, jaarplan, can_write)


# --- Status -----------------------------------------------------------------------------------


class JaarplanStatusView(TenantPageMixin, View):
    """GET: the status and its next steps (``?naar=``: what that step means and what still
    blocks it, with the confirmation). POST: take the step."""

    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        target = request.GET.get("naar", "")
        if not target:
            context = {**status_context(request, jaarplan, True), "panel_on_page": True}
            return render(request, TEMPLATES + "status_page.html", self._with_nav(context))
        problems = services.jaarplan_status_problems(jaarplan, target)
        return self._confirm(request, jaarplan, target, problems)

    def post(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        target = request.POST.get("status", "")
        try:
            jaarplan = services.jaarplan_set_status(
                jaarplan=jaarplan, status=target, by=request.user
            )
        except ValidationError as exc:
            return self._confirm(request, jaarplan, target, exc.messages, code=422)
        said = {
            JaarplanStatus.ADOPTED: f"Het jaarplan {jaarplan.year} (versie {jaarplan.version}) is "
            "vastgesteld. De inhoud ligt nu vast; status en voortgang van de activiteiten kunnen "
            "nog worden bijgewerkt.",
            JaarplanStatus.EVALUATED: f"Het jaarplan {jaarplan.year} is geëvalueerd. Het ligt "
            "nu helemaal vast.",
        }
        messages.success(request, said.get(jaarplan.status, "De status is gewijzigd."))
        return redirect(jaarplan_page_url(jaarplan))

    def _confirm(self, request, jaarplan, target, problems, code=200) -> HttpResponse:
        label = JaarplanStatus(target).label if target in JaarplanStatus.values else target
        context = {
            "jaarplan": jaarplan,
            "target": target,
            "target_label": label,
            "button": STEP_LABELS.get(target, f"Status wijzigen naar “{label}”"),
            "problems": problems,
        }
        return render(
            request,
            TEMPLATES + "status_confirm.html",
            self._with_nav(context),
            status=code if problems else 200,
        )

    def _with_nav(self, context: dict) -> dict:
        return {**context, **nav(context["jaarplan"], self.tenant)}


class JaarplanNewVersionView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        return self._page(request, jaarplan, self._problem(request, jaarplan))

    def post(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        try:
            copy = services.jaarplan_new_version(jaarplan=jaarplan, by=request.user)
        except ValidationError as exc:
            return self._page(request, jaarplan, " ".join(exc.messages), code=422)
        messages.success(
            request,
            f"Versie {copy.version} is gemaakt als concept, met de verbeterpunten, activiteiten "
            f"en hun voortgang. Versie {jaarplan.version} blijft zoals hij is.",
        )
        return redirect(jaarplan_page_url(copy))

    def _problem(self, request, jaarplan: Jaarplan) -> str:
        """What the service would refuse with, said before the person presses the button."""
        if not jaarplan.is_adopted:
            return "Deze versie is nog een concept: u kunt haar gewoon bewerken."
        context = status_context(request, jaarplan, True)
        if not context["can_new_version"]:
            return "Er is al een nieuwere conceptversie van dit jaarplan."
        return ""

    def _page(self, request, jaarplan, problem: str, code: int = 200) -> HttpResponse:
        context = {"jaarplan": jaarplan, "problem": problem, **nav(jaarplan, self.tenant)}
        return render(request, TEMPLATES + "new_version.html", context, status=code)


# --- The approval trail -----------------------------------------------------------------------


def get_approval(jaarplan: Jaarplan, approval_id: int) -> JaarplanApproval:
    step = JaarplanApproval.objects.filter(jaarplan=jaarplan, pk=approval_id).first()
    if step is None:
        raise Http404("Deze stap in het goedkeuringstraject bestaat niet (meer).")
    return step


class ApprovalCreateView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        return self._page(request, jaarplan, ApprovalForm())

    def post(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        form = ApprovalForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ApprovalForm._meta.fields}
            try:
                step = services.approval_add(jaarplan=jaarplan, data=data, by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Toegevoegd aan het goedkeuringstraject: {step}.")
                return redirect(jaarplan_page_url(jaarplan, "goedkeuringstraject"))
        return self._page(request, jaarplan, form, code=422)

    def _page(self, request, jaarplan, form, code: int = 200) -> HttpResponse:
        context = {"jaarplan": jaarplan, "form": form, **nav(jaarplan, self.tenant)}
        return render(request, TEMPLATES + "approval_form.html", context, status=code)


class ApprovalDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, jaarplan_id: int, approval_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        return self._page(request, jaarplan, get_approval(jaarplan, approval_id))

    def post(self, request: HttpRequest, jaarplan_id: int, approval_id: int) -> HttpResponse:
        jaarplan = get_jaarplan_for_writing(request, jaarplan_id)
        step = get_approval(jaarplan, approval_id)
        label = str(step)
        try:
            services.approval_delete(step=step, by=request.user)
        except ValidationError as exc:
            return self._page(request, jaarplan, step, errors=exc.messages, code=422)
        messages.success(request, f"Verwijderd uit het goedkeuringstraject: {label}.")
        return redirect(jaarplan_page_url(jaarplan, "goedkeuringstraject"))

    def _page(self, request, jaarplan, step, errors=(), code: int = 200) -> HttpResponse:
        context = {"jaarplan": jaarplan, "step": step, "errors": list(errors)}
        return render(
            request,
            TEMPLATES + "approval_delete.html",
            {**context, **nav(jaarplan, self.tenant)},
            status=code,
        )


# --- The tenant's settings --------------------------------------------------------------------


class JaarplanSettingsView(TenantPageMixin, View):
    capability = CHANGE
    template_name = TEMPLATES + "settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        current = services.settings_for(self.tenant)
        form = SettingsForm(
            initial={"required_bodies": current.bodies, "weekly_digest": current.weekly_digest}
        )
        return render(request, self.template_name, {"form": form, **nav(None, self.tenant)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_save(tenant=self.tenant, **form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De instellingen van het jaarplan zijn opgeslagen.")
                return redirect("jaarplan:jaarplan_settings", tenant_code=self.tenant.code)
        context = {"form": form, **nav(None, self.tenant)}
        return render(request, self.template_name, context, status=422)
