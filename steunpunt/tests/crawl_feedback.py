"""Part "feedback" of the crawls (see ``crawl``): the yearly feedback to schools."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.core.schoolyear import SchoolYear

B, Z, T = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT

MATRIX: dict[str, set[str]] = {
    "steunpunt:feedback_list": {B, Z, T},
    "steunpunt:feedback_detail": {B, Z, T},
    "steunpunt:feedback_edit": {B},
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set(POST_ONLY)


def kwargs(world, page: str) -> dict:
    from .builders import a_feedback

    last_year = SchoolYear.current().start - 1
    if page == "steunpunt:feedback_detail":
        return {"feedback_id": a_feedback(world.school_a1, last_year).pk}
    if page == "steunpunt:feedback_edit":
        return {"school_year": last_year, "school_id": world.school_a1.pk}
    return {}


def b_values(world) -> dict:
    from .builders import a_feedback

    feedback = a_feedback(world.school_b1, 2025)
    return {"feedback_id": feedback.pk, "school_year": 2025}


def snapshot_b(world) -> list:
    from ..models import Feedback

    with scopes_disabled():
        return [
            model_to_dict(f) for f in Feedback.objects.filter(tenant=world.tenant_b).order_by("pk")
        ]


def browser_values(demo) -> dict:
    """A demo feedback round of the zorgcoördinator's school (BRIN 99RA00), the newest."""
    from ..models import Feedback

    with scopes_disabled():
        feedback = (
            Feedback.objects.filter(tenant=demo.tenant, school__brin="99RA00")
            .order_by("-school_year")
            .first()
        )
    if feedback is None:
        return {}
    return {
        "feedback_id": feedback.pk,
        "school_year": feedback.school_year,
        "school_id": feedback.school_id,
    }
