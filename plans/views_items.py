"""Adding, editing, moving and deleting the parts of a plan, in place with htmx.

Every view also works without JavaScript: a GET shows a full page, a POST redirects back to the
plan at the part's anchor. With htmx an edit swaps just the part; a structural change (add,
move, delete) swaps the plan tree, because numbers and letters of the siblings change.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin

from . import services
from .access import get_item, get_plan_for_user, get_plan_for_writing
from .forms import form_for
from .models import Plan, PlanItem
from .outline import KINDS, item_label, parent_kind
from .views import plan_context, plan_url


def anchor(kind: str, item: PlanItem | None) -> str:
    return f"{kind}-{item.pk}" if item else KINDS[kind].section


# Where each kind sits in a PlanTree: a part shown on its own is taken from the tree, so it has
# its number, its place among its siblings and its parts, as in the whole page.
TREE_LISTS = {
    "hoofdstuk": "chapters",
    "opgave": "tasks",
    "afkorting": "abbreviations",
    "goedkeuring": "approvals",
    "pijler": "pillars",
    "doel": "goals",
    "stap": "steps",
}


def _show(request, plan: Plan, kind: str, item_id: int, may_change: bool, announce: str = ""):
    """One part swapped in place; it takes the focus (the keyboard stays where it was)."""
    context = plan_context(request, plan, may_change)
    shown = next((p for p in getattr(context["tree"], TREE_LISTS[kind]) if p.pk == item_id), None)
    if shown is None:
        raise Http404("Dit onderdeel bestaat niet (meer).")
    shown.focus, shown.announce, shown.saved = True, announce, bool(announce)
    context.update(item=shown, kind=kind)
    return render(request, "plans/item_show.html", context)


def _item_response(request: HttpRequest, plan: Plan, kind: str, item: PlanItem) -> HttpResponse:
    if not request.htmx:
        messages.success(request, _sentence(f"Opgeslagen: {item_label(item)}"))
        return redirect(plan_url(plan, anchor(kind, item)))
    return _show(request, plan, kind, item.pk, True, announce=f"Opgeslagen: {item_label(item)}")


def _tree_response(
    request: HttpRequest, plan: Plan, kind: str, item: PlanItem | None, *, focus: str, said: str
) -> HttpResponse:
    """After a structural change the whole tree is swapped: numbers and letters moved. The focus
    goes to ``focus`` (an element id) and ``said`` is announced."""
    if not request.htmx:
        messages.success(request, said)
        return redirect(plan_url(plan, anchor(kind, item)))
    context = plan_context(request, plan, True)
    context.update(tree_focus=focus, tree_announce=said)
    response = render(request, "plans/plan_detail.html#tree", context)
    response["HX-Retarget"] = "#plan-tree"
    response["HX-Reswap"] = "outerHTML"
    return response


def _form_response(request, plan, kind, form, item=None, parent=None, conflict=None, status=200):
    template = "plans/item_form.html" + ("#form" if request.htmx else "")
    if not form.errors and not conflict:  # else the error summary takes the focus
        first = next(iter(form.visible_fields()), None)
        if first is not None:
            first.field.widget.attrs["autofocus"] = True
    return render(
        request,
        template,
        {
            "plan": plan,
            "kind": kind,
            "spec": KINDS[kind],
            "form": form,
            "item": item,
            "parent": parent,
            "parent_label": item_label(parent) if parent is not None else "",
            "conflict": conflict,
        },
        status=status,
    )


def _data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields}


class ItemShowView(TenantPageMixin, View):
    """One part, as shown in the tree (htmx: after 'annuleren'); otherwise the plan at it."""

    capability = "plans.view_plan"

    def get(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan, may_change = get_plan_for_user(request, plan_id)
        item = get_item(plan, kind, item_id)
        if not request.htmx:
            return redirect(plan_url(plan, anchor(kind, item)))
        return _show(request, plan, kind, item.pk, may_change)


class ItemCreateView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def _parent(self, plan: Plan, kind: str, parent_id: str | None) -> PlanItem | None:
        parent = parent_kind(KINDS[kind])
        if parent is None:
            return None
        if not (parent_id or "").isdigit():
            raise Http404(f"Kies eerst het onderdeel waar dit onder hoort ({parent.label}).")
        return get_item(plan, parent.slug, int(parent_id))

    def get(self, request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        parent = self._parent(plan, kind, request.GET.get("in"))
        return _form_response(request, plan, kind, form_for(kind, plan), parent=parent)

    def post(self, request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        parent = self._parent(plan, kind, request.POST.get("in"))
        form = form_for(kind, plan, data=request.POST)
        if form.is_valid():
            try:
                item = services.item_create(
                    plan=plan, kind=kind, data=_data(form), parent=parent, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                focus, said = anchor(kind, item), _sentence(f"Toegevoegd: {item_label(item)}")
                return _tree_response(request, plan, kind, item, focus=focus, said=said)
        return _form_response(request, plan, kind, form, parent=parent, status=422)


class ItemEditView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        form = form_for(kind, plan, instance=item, initial={"revision": item.revision})
        return _form_response(request, plan, kind, form, item=item)

    def post(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        form = form_for(kind, plan, data=request.POST, instance=KINDS[kind].model(pk=item.pk))
        if form.is_valid():
            try:
                item = services.item_update(
                    item=item,
                    data=_data(form),
                    by=request.user,
                    revision=form.cleaned_data["revision"] or 0,
                )
            except services.EditConflict as exc:
                # Show the current version to edit, with the message and what this person typed.
                current = exc.current
                fresh = form_for(
                    kind, plan, instance=current, initial={"revision": current.revision}
                )
                mine = [(form.fields[name].label, value) for name, value in _data(form).items()]
                return _form_response(
                    request,
                    plan,
                    kind,
                    fresh,
                    item=current,
                    status=409,
                    conflict={"message": exc.messages[0], "mine": mine},
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                return _item_response(request, plan, kind, item)
        return _form_response(request, plan, kind, form, item=item, status=422)


class ItemDeleteView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        template = "plans/item_delete.html" + ("#confirm" if request.htmx else "")
        return render(
            request, template, {"plan": plan, "kind": kind, "spec": KINDS[kind], "item": item}
        )

    def post(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        label, back = item_label(item), _around(kind, item)
        try:
            services.item_delete(item=item, by=request.user)
        except ValidationError as exc:
            template = "plans/item_delete.html" + ("#confirm" if request.htmx else "")
            return render(
                request,
                template,
                {
                    "plan": plan,
                    "kind": kind,
                    "spec": KINDS[kind],
                    "item": item,
                    "errors": exc.messages,
                },
                status=422,
            )
        return _tree_response(
            request, plan, kind, None, focus=back, said=_sentence(f"Verwijderd: {label}")
        )


class ItemMoveView(TenantPageMixin, View):
    capability = "plans.change_plan"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        try:
            services.item_move(
                item=item, direction=request.POST.get("richting", ""), by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        item.refresh_from_db(fields=["position"])
        said = f"{capfirst(item_label(item))} staat nu op plaats {item.position}."
        return _tree_response(request, plan, kind, item, focus=anchor(kind, item), said=said)


def _sentence(text: str) -> str:
    """A message ends with one full stop, also after a text cut off with '…'."""
    return text if text.endswith(("…", ".")) else f"{text}."


def _around(kind: str, item: PlanItem) -> str:
    """Where the focus goes when a part is gone: the part it hung under, or its section."""
    parent = parent_kind(KINDS[kind])
    if parent is not None:
        return f"{parent.slug}-{getattr(item, f'{KINDS[kind].parent_field}_id')}"
    return f"{KINDS[kind].section}-title"
