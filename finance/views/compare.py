"""Comparing two versions of the begroting (part "status"): per line and year the old amount,
the new amount and the difference in euros and %, with the totals and the resultaat.

Every reader of the begroting may compare the versions they may read (``begroting_list``): the
bestuurder and toezicht every version, the inspectie only vastgestelde versions (a concept is
a 404 for it, in the URL as in the two selects). The two versions are chosen with a GET form;
with htmx only the comparison is swapped in.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from swvportal.core.mixins import TenantPageMixin

from ..access import get_begroting_for_user
from ..compare import begroting_comparison
from ..forms_status import CompareForm
from ..models import Begroting, BegrotingStatus
from ..selectors import VIEW, begroting_list
from .status import nav

TEMPLATE = "finance/compare/compare.html"
NOT_FOUND = "Deze versie van de begroting bestaat niet of u mag haar niet inzien."


def default_other(begroting: Begroting, versions: list[Begroting]) -> Begroting | None:
    """What a version is compared with first: the version it is based on, else the vastgestelde
    version in force, else the newest other version."""
    others = [v for v in versions if v.pk != begroting.pk]
    based_on = next((v for v in others if v.pk == begroting.based_on_id), None)
    adopted = [v for v in others if v.status == BegrotingStatus.ADOPTED]
    adopted.sort(key=lambda v: (v.adopted_on, v.version_major, v.version_minor), reverse=True)
    return based_on or (adopted[0] if adopted else None) or (others[0] if others else None)


def chosen(request: HttpRequest, name: str, versions: list[Begroting]) -> Begroting | None:
    """The version a select names; a version this member may not read is a 404."""
    value = request.GET.get(name, "")
    if not value:
        return None
    found = next((v for v in versions if str(v.pk) == value), None)
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def in_order(first: Begroting, second: Begroting) -> tuple[Begroting, Begroting]:
    """(old, new) by version number."""
    return tuple(sorted([first, second], key=lambda v: (v.version_major, v.version_minor, v.pk)))


class BegrotingCompareView(TenantPageMixin, View):
    capability = VIEW

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting, _ = get_begroting_for_user(request, begroting_id)
        versions = list(
            begroting_list(membership=request.membership).order_by(
                "-version_major", "-version_minor", "-pk"
            )
        )
        for version in versions:  # no query per version for its tenant's code
            version.tenant = begroting.tenant
        old, new = chosen(request, "oud", versions), chosen(request, "nieuw", versions)
        if old is None and new is None:
            other = default_other(begroting, versions)
            old, new = in_order(other, begroting) if other else (None, begroting)
        elif old is None or new is None:
            other = default_other(old or new, versions)
            old, new = (old, other or old) if new is None else (other or new, new)
        only = request.GET.get("verschillen") == "1"
        context = {
            "begroting": begroting,
            "old": old,
            "new": new,
            "only_differences": only,
            "form": CompareForm(
                versions=versions,
                initial={
                    "oud": old.pk if old else None,
                    "nieuw": new.pk if new else None,
                    "verschillen": only,
                },
            ),
            "has_others": len(versions) > 1,
            **nav(begroting),
        }
        if old is not None and new is not None and old.pk != new.pk:
            comparison = begroting_comparison(old, new)
            context["comparison"] = comparison.only_differences() if only else comparison
            context["differs"] = comparison.differs
        template = TEMPLATE + "#comparison" if request.htmx else TEMPLATE
        return render(request, template, context)
