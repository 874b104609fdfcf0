"""Reads of the begroting: which versions a member may see, a version's table with its totals,
the reserves and checks. A fixed number of queries per page, whatever the number of lines.

Other apps read finance only here (the import contract): the OSP's PDF asks the appendix
registry, never these functions directly; they are the face for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can, visible
from swvportal.tenancy.models import Tenant

from . import rules
from .models import (
    Begroting,
    BegrotingApproval,
    BegrotingStatus,
    BudgetAmount,
    BudgetLine,
    ClaimStatus,
    LineSource,
    VangnetClaim,
)

VIEW = "finance.view_begroting"
VIEW_DRAFT = "finance.view_begroting_draft"
CHANGE = "finance.change_begroting"
RECORD_APPROVAL = "finance.record_begroting_approval"
VIEW_REPORTS = "finance.view_reports"
VIEW_VANGNET = "finance.view_vangnet"
HANDLE_VANGNET = "finance.handle_vangnet"

PAID_CLAIMS = (ClaimStatus.APPROVED, ClaimStatus.PAID)


def begroting_list(*, membership: Membership) -> QuerySet[Begroting]:
    """The versions this member may read: all, or only vastgestelde (inspectie)."""
    found = visible(Begroting.objects.all(), membership, VIEW)
    if not can(membership, VIEW_DRAFT):
        found = found.filter(status=BegrotingStatus.ADOPTED)
    return found


def current_begroting(*, tenant: Tenant) -> Begroting | None:
    """The vastgestelde version in force: the newest adopted one."""
    return (
        Begroting.objects.filter(tenant=tenant, status=BegrotingStatus.ADOPTED)
        .order_by("-adopted_on", "-version_major", "-version_minor", "-pk")
        .first()
    )


def begroting_adopted_between(*, tenant: Tenant, first, last) -> Begroting | None:
    """The first version the ALV adopted from ``first`` to ``last`` (the kwaliteitskalender
    ticks its "Begroting" off with it)."""
    return (
        Begroting.objects.filter(tenant=tenant, adopted_on__gte=first, adopted_on__lte=last)
        .order_by("adopted_on", "pk")
        .first()
    )


def line_data(line: BudgetLine) -> rules.LineData:
    return rules.LineData(
        id=line.pk,
        group=line.group,
        title=line.title,
        parent_id=line.parent_id,
        position=line.position,
        note=line.note,
        uid=line.uid,
        forecast=line.forecast,
        source=line.source,
    )


def vangnet_line_amounts(*, tenant: Tenant, years: Iterable[int]) -> dict[int, int]:
    """Per calendar year the approved (or paid) vangnet claims paid in that year, whole euros."""
    years = list(years)
    totals = {year: 0 for year in years}
    rows = (
        VangnetClaim.objects.filter(tenant=tenant, status__in=PAID_CLAIMS)
        .values_list("school_year", "amount_approved")
        .order_by()
    )
    for school_year, amount in rows:
        year = school_year + 2  # paid in the calendar year after that of the inflow
        if year in totals and amount is not None:
            totals[year] += int(Decimal(amount).quantize(Decimal(1)))
    return totals


def begroting_lines(begroting: Begroting) -> list[BudgetLine]:
    return list(
        BudgetLine.objects.filter(begroting=begroting)
        .select_related("updated_by")
        .order_by("group", "position", "pk")
    )


def begroting_table(begroting: Begroting, *, lines: list[BudgetLine] | None = None) -> rules.Table:
    """The version's table: two queries (lines, amounts), three with a vangnet line."""
    lines = begroting_lines(begroting) if lines is None else lines
    amounts = {
        (line_id, year): amount
        for line_id, year, amount in BudgetAmount.objects.filter(
            line__begroting=begroting
        ).values_list("line_id", "year", "amount")
    }
    derived = [line for line in lines if line.source == LineSource.VANGNET]
    if derived and begroting.is_editable:  # a concept follows the claims; adoption froze them
        per_year = vangnet_line_amounts(tenant=begroting.tenant, years=begroting.years)
        for line in derived:
            for year, amount in per_year.items():
                amounts[(line.pk, year)] = amount
    return rules.build_table(begroting.years, [line_data(line) for line in lines], amounts)


def page_table(begroting: Begroting) -> rules.Table:
    """The table as this request shows it: computed once per ``begroting`` instance, so the
    version page and its panels (reserves, forecast) read the same one. Only for reading: a
    view that changes the version loads it afresh in the next request."""
    cached = begroting.__dict__.get("_page_table")
    if cached is None:
        cached = begroting.__dict__["_page_table"] = begroting_table(begroting)
    return cached


def begroting_reserves(begroting: Begroting, table: rules.Table) -> list[rules.ReserveYear]:
    from .services import settings_for

    settings = settings_for(begroting.tenant)
    return rules.reserves(
        opening=begroting.opening_reserve,
        table=table,
        ceiling=settings.reserve_ceiling,
        rate=settings.signal_rate,
        minimum=settings.signal_minimum,
    )


def approval_trail(begroting: Begroting) -> QuerySet[BegrotingApproval]:
    return BegrotingApproval.trail(begroting).select_related("recorded_by")
