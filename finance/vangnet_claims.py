"""The vangnet claim's life (declaratie, Bijlage 2): registered with the computation of that
day, verified against the figures of today (a difference needs an explanation), approved or
refused with a reason, and paid in the calendar year after the inflow. An approved (or paid)
claim is the vangnet line of that year's budget (``selectors.vangnet_line_amounts``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from swvportal.tenancy.models import School

from . import vangnet
from .models import ClaimStatus, VangnetClaim
from .vangnet_data import check_school_year, figures_json, is_special, school_figures


def _money(value) -> Decimal:
    return Decimal(value).quantize(vangnet.CENT)


@transaction.atomic
def claim_register(
    *, school: School, school_year: int, submitted_on: datetime.date, amount_claimed, by
) -> VangnetClaim:
    """Record a school's declaratie with the computation of today (stored in ``figures``)."""
    check_school_year(school_year)
    if not is_special(school):
        raise ValidationError(
            "Het vangnet geldt alleen voor scholen voor (voortgezet) speciaal onderwijs en sbo."
        )
    if amount_claimed is None or Decimal(amount_claimed) <= 0:
        raise ValidationError({"amount_claimed": "Vul het gedeclareerde bedrag in, meer dan 0."})
    if submitted_on < datetime.date(school_year + 1, 6, 1):
        raise ValidationError(
            {"submitted_on": "Een declaratie komt na 1 juni van het schooljaar binnen."}
        )
    figures = school_figures(school=school, school_year=school_year)
    try:
        with transaction.atomic():
            return VangnetClaim.objects.create(
                tenant=school.tenant,
                school=school,
                school_year=school_year,
                submitted_on=submitted_on,
                amount_claimed=_money(amount_claimed),
                amount_computed=figures.outcome.total,
                figures=figures_json(figures),
                updated_by=by,
            )
    except IntegrityError:
        raise ValidationError("Deze school heeft voor dit schooljaar al een declaratie.") from None


def _expect(claim: VangnetClaim, *statuses: str, action: str) -> None:
    if claim.status not in statuses:
        raise ValidationError(
            f"Deze declaratie is {claim.get_status_display().lower()}: u kunt haar niet {action}."
        )


@transaction.atomic
def claim_verify(*, claim: VangnetClaim, note: str, by, today: datetime.date | None = None):
    """Compare the claim with the figures of today; a difference needs an explanation."""
    _expect(claim, ClaimStatus.SUBMITTED, action="verifiëren")
    figures = school_figures(school=claim.school, school_year=claim.school_year)
    computed = figures.outcome.total
    if _money(claim.amount_claimed) != computed and not note.strip():
        raise ValidationError(
            {
                "note": "Het gedeclareerde bedrag wijkt af van het berekende bedrag. Leg het "
                "verschil uit."
            }
        )
    claim.amount_computed = computed
    claim.figures = figures_json(figures)
    claim.verification_note = note.strip()
    claim.verified_on = today or timezone.localdate()
    claim.status = ClaimStatus.VERIFIED
    claim.updated_by = by
    claim.save()
    return claim


@transaction.atomic
def claim_approve(
    *, claim: VangnetClaim, amount_approved, reason: str, by, today: datetime.date | None = None
):
    _expect(claim, ClaimStatus.VERIFIED, action="goedkeuren (verifieer haar eerst)")
    if amount_approved is None or Decimal(amount_approved) <= 0:
        raise ValidationError({"amount_approved": "Vul het goedgekeurde bedrag in, meer dan 0."})
    if Decimal(amount_approved) > Decimal(claim.amount_claimed):
        raise ValidationError(
            {"amount_approved": "Het goedgekeurde bedrag is hoger dan het gedeclareerde bedrag."}
        )
    claim.amount_approved = _money(amount_approved)
    claim.decision_reason = reason.strip()
    claim.decided_on = today or timezone.localdate()
    claim.status = ClaimStatus.APPROVED
    claim.updated_by = by
    claim.save()
    return claim


@transaction.atomic
def claim_refuse(*, claim: VangnetClaim, reason: str, by, today: datetime.date | None = None):
    _expect(claim, ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, action="afwijzen")
    if not reason.strip():
        raise ValidationError({"reason": "Schrijf de reden van de afwijzing op."})
    claim.decision_reason = reason.strip()
    claim.decided_on = today or timezone.localdate()
    claim.amount_approved = None
    claim.status = ClaimStatus.REFUSED
    claim.updated_by = by
    claim.save()
    return claim


@transaction.atomic
def claim_pay(*, claim: VangnetClaim, paid_on: datetime.date, by):
    """Paid in the payment year: the calendar year after that of the inflow."""
    _expect(claim, ClaimStatus.APPROVED, action="als betaald markeren")
    if paid_on.year != claim.payment_year:
        raise ValidationError(
            {
                "paid_on": f"De vangnetbijdrage wordt betaald in {claim.payment_year}, het jaar "
                f"na de instroom. Kies een datum in {claim.payment_year}."
            }
        )
    claim.paid_on = paid_on
    claim.status = ClaimStatus.PAID
    claim.updated_by = by
    claim.save()
    return claim
