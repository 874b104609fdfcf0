"""The plan's status workflow (``swvportal.core.workflow``): concept ⇄ ter consultatie →
vastgesteld → verzonden aan inspectie. Vaststellen needs the OPR's instemming with this very
version; the plan page and ``plans.services.plan_set_status`` both read ``PLAN_WORKFLOW``."""

from __future__ import annotations

from swvportal.core.workflow import Workflow

from .models import ApprovalStep, Plan, PlanStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    PlanStatus.CONCEPT: (PlanStatus.CONSULTATION, PlanStatus.ADOPTED),
    PlanStatus.CONSULTATION: (PlanStatus.CONCEPT, PlanStatus.ADOPTED),
    PlanStatus.ADOPTED: (PlanStatus.SENT,),
    PlanStatus.SENT: (),
}


def _needs_opr_consent(plan: Plan) -> list[str]:
    if ApprovalStep.consent_for(plan) is not None:
        return []
    return [
        "Het plan kan pas worden vastgesteld als de instemming van de "
        "ondersteuningsplanraad (OPR) in het goedkeuringstraject staat. De wet "
        "vereist die instemming."
    ]


PLAN_WORKFLOW = Workflow(
    states=PlanStatus,
    transitions=TRANSITIONS,
    noun="het plan",
    invalid="Kies een geldige status: concept, ter consultatie, vastgesteld of verzonden.",
    guards={PlanStatus.ADOPTED: (_needs_opr_consent,)},
    stamps={PlanStatus.ADOPTED: "adopted_on", PlanStatus.SENT: "sent_on"},
)
