"""The begroting's status workflow (``swvportal.core.workflow``): concept → vastgesteld.

The ALV adopts (vaststellen) in November, after the tenant's required steps in this version's
own approval trail (``FinanceSettings.required_bodies``; RefSVO and the default: advies van de
financiële commissie, goedkeuring van de RvT, goedkeuring of instemming van de OPR). A version
without lines, or whose resultaat cannot be computed, cannot be adopted. The page and
``services.begroting_adopt`` read the same rules.
"""

from __future__ import annotations

from swvportal.core.versioning import ApprovalBody, ApprovalOutcome
from swvportal.core.workflow import Workflow

from .models import BegrotingApproval, BegrotingStatus, BudgetLine, FinanceSettings

TRANSITIONS: dict[str, tuple[str, ...]] = {
    BegrotingStatus.CONCEPT: (BegrotingStatus.ADOPTED,),
    BegrotingStatus.ADOPTED: (),
}


def required_bodies(begroting) -> list[str]:
    settings = FinanceSettings.objects.filter(tenant_id=begroting.tenant_id).first()
    return settings.bodies if settings else FinanceSettings().bodies


def _needs_approvals(begroting) -> list[str]:
    given = {
        step.body
        for step in BegrotingApproval.own_trail(begroting)
        if step.outcome == ApprovalOutcome.POSITIVE
    }
    return [
        f"De begroting kan pas worden vastgesteld als een positief besluit van de "
        f"{ApprovalBody(body).label} in het goedkeuringstraject staat."
        for body in required_bodies(begroting)
        if body not in given
    ]


def _needs_lines(begroting) -> list[str]:
    if BudgetLine.objects.filter(begroting=begroting).exists():
        return []
    return ["Een begroting zonder regels kan niet worden vastgesteld. Voeg eerst regels toe."]


BEGROTING_WORKFLOW = Workflow(
    states=BegrotingStatus,
    transitions=TRANSITIONS,
    noun="de begroting",
    invalid="Kies een geldige status: concept of vastgesteld.",
    guards={BegrotingStatus.ADOPTED: (_needs_lines, _needs_approvals)},
    stamps={BegrotingStatus.ADOPTED: "adopted_on"},
)
