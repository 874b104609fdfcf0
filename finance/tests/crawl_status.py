"""Part "status" of the crawls (see ``crawl``): the approval trail, vaststellen, a new version
and the comparison.

On tenant A: the trail's pages and vaststellen on a concept (its step recorded by toezicht, so
both the bestuurder and toezicht may delete it); a new version and the comparison on the
vastgestelde version (the inspectie compares vastgestelde versions only).
"""

from __future__ import annotations

import datetime

from django_scopes import scope, scopes_disabled

from conftest import MARKER_B
from swvportal.accounts.models import Role
from swvportal.core.versioning import ApprovalBody, ApprovalKind, ApprovalOutcome

from .. import services
from ..models import Begroting, BegrotingApproval, BegrotingStatus
from .builders import a_begroting, a_concept_after

B, T, INS = Role.BESTUURDER, Role.TOEZICHT, Role.INSPECTIE

MATRIX: dict[str, set[str]] = {
    "finance:approval_create": {B, T},
    "finance:approval_delete": {B, T},  # GET: the confirmation; a step toezicht recorded
    "finance:begroting_adopt": {B},  # GET: what blocks it, or the form
    "finance:begroting_new_version": {B},  # GET: the confirmation with the years
    "finance:begroting_compare": {B, T, INS},
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set()

ON_CONCEPT = {"finance:approval_create", "finance:approval_delete", "finance:begroting_adopt"}
STEP = {
    "body": ApprovalBody.RVT,
    "kind": ApprovalKind.APPROVAL,
    "date": datetime.date(2024, 11, 11),
    "outcome": ApprovalOutcome.POSITIVE,
}


def _step(begroting: Begroting, by, note: str = "") -> BegrotingApproval:
    with scope(tenant=begroting.tenant):
        return services.approval_add(begroting=begroting, data={**STEP, "note": note}, by=by)


def kwargs(world, page: str) -> dict:
    if page not in ON_CONCEPT:
        return {"begroting_id": a_begroting(world.tenant_a, adopted=True).pk}
    concept = a_begroting(world.tenant_a)
    found = {"begroting_id": concept.pk}
    if page == "finance:approval_delete":
        found["begroting_step_id"] = _step(concept, world.user(T)).pk
    return found


def b_values(world) -> dict:
    """B's adopted version and its concept (a list: every page is tried with both), and a step
    of the concept's trail marked MARKER_B."""
    adopted = a_begroting(world.tenant_b, adopted=True)
    concept = a_concept_after(adopted)
    step = _step(concept, world.user("outsider"), note=MARKER_B)
    return {"begroting_id": [adopted.pk, concept.pk], "begroting_step_id": step.pk}


def snapshot_b(world) -> list:
    with scopes_disabled():
        return [
            row
            for m in (Begroting, BegrotingApproval)
            for row in m.objects.filter(tenant=world.tenant_b).values()
        ]


def browser_values(demo) -> dict:
    """The demo's concept 2.0 (its adopted 1.0 is linked from the concept's page) and a step on
    the concept's trail, recorded by the demo's toezicht member so both may delete it."""
    with scopes_disabled():
        concept = Begroting.objects.get(tenant=demo.tenant, status=BegrotingStatus.CONCEPT)
        step = BegrotingApproval.objects.filter(begroting=concept).first()
    if step is None:
        step = _step(concept, demo.users[T], note="Goedkeuring van de RvT (crawl)")
    return {"begroting_id": concept.pk, "begroting_step_id": step.pk}
