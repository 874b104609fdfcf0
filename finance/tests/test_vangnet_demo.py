"""The demo's vangnet claim: computed from the demo Loket's TLVs, geverifieerd, idempotent with
the same printed line each run."""

from __future__ import annotations

from django_scopes import scope

from finance import vangnet_data
from finance.demo_vangnet import SCHOOL_BRIN, seed_vangnet
from finance.models import ClaimStatus, VangnetClaim, VangnetFigure
from referrals.demo_loket import seed_loket
from swvportal.accounts.demo import seed_users
from swvportal.tenancy.demo import seed_schools, seed_tenant
from swvportal.tenancy.models import School


def test_the_demo_claim_is_computed_from_the_demo_tlvs(db):
    tenant = seed_tenant()
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_users(tenant)
        seed_loket(tenant)
        first = seed_vangnet(tenant)
        again = seed_vangnet(tenant)
        school = School.objects.get(tenant=tenant, brin=SCHOOL_BRIN)
        claim = VangnetClaim.objects.get()
        figures = vangnet_data.school_figures(school=school, school_year=claim.school_year)
        assert VangnetFigure.objects.count() == 2
    assert first == again and len(first) == 1
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.school_year == vangnet_data.current_school_year()
    # Computed from the Loket's TLVs: some cells come from the Loket, the residential ones not.
    sources = {cell.source for row in figures.rows for _, cell in row.cells}
    assert {"loket", "invoer"} <= sources
    assert claim.amount_computed == figures.outcome.total
    assert figures.outcome.claimable, figures.outcome.explanation
    assert claim.amount_claimed == figures.outcome.total
