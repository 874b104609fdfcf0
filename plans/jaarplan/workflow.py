"""The jaarplan's status workflow (``swvportal.core.workflow``): concept → vastgesteld →
geëvalueerd. Vaststellen needs a positive step of every body the tenant requires
(``JaarplanSettings.required_bodies``) in this version's own approval trail; evalueren needs an
evaluation of every activity. The page and ``services.jaarplan_set_status`` read the same rules.
"""

from __future__ import annotations

from swvportal.core.versioning import ApprovalBody, ApprovalOutcome
from swvportal.core.workflow import Workflow

from ..models import Activity, Jaarplan, JaarplanApproval, JaarplanSettings, JaarplanStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    JaarplanStatus.CONCEPT: (JaarplanStatus.ADOPTED,),
    JaarplanStatus.ADOPTED: (JaarplanStatus.EVALUATED,),
    JaarplanStatus.EVALUATED: (),
}


def required_bodies(jaarplan: Jaarplan) -> list[str]:
    settings = JaarplanSettings.objects.filter(tenant_id=jaarplan.tenant_id).first()
    return settings.bodies if settings else []


def _needs_approvals(jaarplan: Jaarplan) -> list[str]:
    given = {
        step.body
        for step in JaarplanApproval.own_trail(jaarplan)
        if step.outcome == ApprovalOutcome.POSITIVE
    }
    return [
        f"Het jaarplan kan pas worden vastgesteld als een positief besluit van de "
        f"{ApprovalBody(body).label} in het goedkeuringstraject staat."
        for body in required_bodies(jaarplan)
        if body not in given
    ]


def _needs_content(jaarplan: Jaarplan) -> list[str]:
    if Activity.objects.filter(jaarplan=jaarplan).exists():
        return []
    return [
        "Een jaarplan zonder activiteiten kan niet worden vastgesteld. Voeg eerst activiteiten "
        "toe aan de verbeterpunten."
    ]


def _needs_evaluations(jaarplan: Jaarplan) -> list[str]:
    missing = Activity.objects.filter(jaarplan=jaarplan, evaluation="").count()
    if not missing:
        return []
    noun = "activiteit heeft" if missing == 1 else "activiteiten hebben"
    return [f"{missing} {noun} nog geen evaluatie (behaald, deels of niet, met een zin)."]


JAARPLAN_WORKFLOW = Workflow(
    states=JaarplanStatus,
    transitions=TRANSITIONS,
    noun="het jaarplan",
    invalid="Kies een geldige status: concept, vastgesteld of geëvalueerd.",
    guards={
        JaarplanStatus.ADOPTED: (_needs_content, _needs_approvals),
        JaarplanStatus.EVALUATED: (_needs_evaluations,),
    },
    stamps={JaarplanStatus.ADOPTED: "adopted_on", JaarplanStatus.EVALUATED: "evaluated_on"},
)
