"""The vangnet from the Loket's TLV rows, end to end: the counts on the three peildata, the
flows, the SWV's own figures, the computation, the claim's life and the budget line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from finance import selectors, services, vangnet_claims, vangnet_data
from finance.models import ClaimStatus, FigureKind, FigureSource, LineGroup, LineSource
from finance.tests.builders import a_begroting
from finance.tests.builders_vangnet import HOOG, LAAG, MIDDEN, YEAR, D, a_tlv, a_vangnet_school
from referrals.models import CategoryAmount, TlvKind
from referrals.selectors import vangnet_tlv_counts
from referrals.tests.loket.builders import a_decision, a_request
from swvportal.tenancy.models import SchoolKind
from swvportal.tenancy.tests.factories import SchoolFactory


@pytest.fixture
def vso(world):
    """Tenant A's VSO cluster-4 school with the TLVs of ``builders_vangnet`` and two that do not
    count: one to a VO school and a refused one."""
    school = a_vangnet_school(world)
    a_tlv(world.school_a1, world.school_a2, D(2026, 3, 1), D(2027, 7, 31), HOOG)  # a VO school
    a_decision(a_request(world.school_a1), granted=False, receiving_school=school)  # refused
    return school


def test_the_loket_counts_per_peildatum_and_category_in_one_query(
    world, vso, django_assert_num_queries
):
    with scope(tenant=world.tenant_a), django_assert_num_queries(1):
        rows = vangnet_tlv_counts(tenant=world.tenant_a, school_year=YEAR)
    found = {(r.school_id, r.category): r for r in rows}
    assert set(found) == {(vso.pk, LAAG), (vso.pk, MIDDEN)}
    laag, midden = found[(vso.pk, LAAG)], found[(vso.pk, MIDDEN)]
    assert (laag.september, laag.february, laag.june, laag.new, laag.outflow) == (2, 3, 3, 1, 1)
    assert (midden.september, midden.february, midden.june, midden.new, midden.outflow) == (
        0,
        0,
        2,
        2,
        0,
    )
    # On the Loket's own data juni = februari + nieuw − uitstroom.
    assert laag.june == laag.february + laag.new - laag.outflow


def test_the_computation_from_tlv_rows_with_residential_pupils_and_a_duo_figure(world, vso):
    with scope(tenant=world.tenant_a):
        figures = vangnet_data.school_figures(school=vso, school_year=YEAR)
        # sep 2, feb 3, jun 5: autumn +1, spring +2, met.
        assert figures.counts == vangnet_data.vangnet.Counts(2, 3, 5)
        # laag 1 new − 1 out = 0; midden 2 × 73.000 = 146.000
        assert figures.outcome.total == Decimal("146000.00")
        assert figures.row(FigureKind.TLV_COUNT, "jun").cells[0][1].source == "loket"

        entered = {"source": FigureSource.ENTERED, "note": "Opname De Hoeve", "by": None}
        for kind, peildatum in ((FigureKind.RESIDENTIAL, "jun"), (FigureKind.NEW_RESIDENTIAL, "")):
            vangnet_data.figure_save(
                school=vso,
                school_year=YEAR,
                kind=kind,
                peildatum=peildatum,
                category=LAAG,
                value=1,
                **entered,
            )
        vangnet_data.figure_save(
            school=vso,
            school_year=YEAR,
            kind=FigureKind.TLV_COUNT,
            peildatum="sep",
            category=LAAG,
            value=1,
            source=FigureSource.DUO,
            note="Telling DUO 1 oktober",
            by=None,
        )
        figures = vangnet_data.school_figures(school=vso, school_year=YEAR)
    # sep 1 (DUO), feb 3, jun 5 + 1 residential = 6: autumn +2, spring +3, met.
    assert figures.counts == vangnet_data.vangnet.Counts(1, 3, 6)
    # laag: 1 new + 1 residential − 1 out = 1 × 36.500; midden 2 × 73.000: 182.500
    assert [(x.category, x.net_inflow, x.total) for x in figures.outcome.lines] == [
        (LAAG, 1, Decimal("36500.00")),
        (MIDDEN, 2, Decimal("146000.00")),
        (HOOG, 0, Decimal("0.00")),
    ]
    assert figures.outcome.total == Decimal("182500.00")
    sep = dict(figures.row(FigureKind.TLV_COUNT, "sep").cells)[LAAG]
    assert (sep.value, sep.source_label, sep.note) == (1, "DUO", "Telling DUO 1 oktober")


def test_an_approved_claim_is_the_vangnet_line_of_the_payment_year(world, vso):
    with scope(tenant=world.tenant_a):
        claim = vangnet_claims.claim_register(
            school=vso,
            school_year=YEAR,
            submitted_on=D(2026, 10, 2),
            amount_claimed=Decimal("150000"),
            by=None,
        )
        assert claim.is_late and claim.amount_computed == Decimal("146000.00")
        assert claim.figures["total"] == "146000.00"
        with pytest.raises(ValidationError, match="Leg het verschil uit"):
            vangnet_claims.claim_verify(claim=claim, note="", by=None)
        vangnet_claims.claim_verify(
            claim=claim, note="De school telde een leerling dubbel.", by=None
        )
        with pytest.raises(ValidationError, match="hoger dan het gedeclareerde"):
            vangnet_claims.claim_approve(
                claim=claim, amount_approved=Decimal("150001"), reason="", by=None
            )
        vangnet_claims.claim_approve(
            claim=claim, amount_approved=Decimal("146000"), reason="Zoals berekend.", by=None
        )
    begroting = a_begroting(world.tenant_a, years=(2026, 2027, 2028))
    with scopes_disabled():
        line = services.line_create(
            begroting=begroting,
            group=LineGroup.PROGRAMMES,
            title="Vangnet",
            source=LineSource.VANGNET,
        )
        table = selectors.begroting_table(begroting)
    row = next(r for r in table.rows() if r.line.id == line.pk)
    assert row.amounts == {2026: 0, 2027: 146_000, 2028: 0}  # 2025-2026: paid in 2027
    with scope(tenant=world.tenant_a):
        with pytest.raises(ValidationError, match="Kies een datum in 2027"):
            vangnet_claims.claim_pay(claim=claim, paid_on=D(2026, 12, 1), by=None)
        vangnet_claims.claim_pay(claim=claim, paid_on=D(2027, 3, 1), by=None)
        claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ClaimStatus.SUBMITTED, "approve"),  # verify first
        (ClaimStatus.REFUSED, "verify"),
        (ClaimStatus.PAID, "refuse"),
        (ClaimStatus.VERIFIED, "pay"),
    ],
)
def test_a_claim_only_takes_the_next_step(world, vso, status, action):
    with scope(tenant=world.tenant_a):
        claim = vangnet_claims.claim_register(
            school=vso, school_year=YEAR, submitted_on=D(2026, 9, 1), amount_claimed=1, by=None
        )
        claim.status = status
        claim.save()
        calls = {
            "approve": lambda: vangnet_claims.claim_approve(
                claim=claim, amount_approved=1, reason="", by=None
            ),
            "verify": lambda: vangnet_claims.claim_verify(claim=claim, note="x", by=None),
            "refuse": lambda: vangnet_claims.claim_refuse(claim=claim, reason="x", by=None),
            "pay": lambda: vangnet_claims.claim_pay(claim=claim, paid_on=D(2027, 1, 5), by=None),
        }
        with pytest.raises(ValidationError, match="u kunt haar niet"):
            calls[action]()


def test_refusing_needs_a_reason_and_a_vo_school_has_no_claim(world, vso):
    with scope(tenant=world.tenant_a):
        with pytest.raises(ValidationError, match="alleen voor scholen"):
            vangnet_claims.claim_register(
                school=world.school_a1,
                school_year=YEAR,
                submitted_on=D(2026, 9, 1),
                amount_claimed=1,
                by=None,
            )
        claim = vangnet_claims.claim_register(
            school=vso, school_year=YEAR, submitted_on=D(2026, 9, 1), amount_claimed=1, by=None
        )
        with pytest.raises(ValidationError, match="reden"):
            vangnet_claims.claim_refuse(claim=claim, reason="  ", by=None)
        vangnet_claims.claim_refuse(claim=claim, reason="Geen groei volgens DUO.", by=None)
        with pytest.raises(ValidationError, match="al een declaratie"):
            vangnet_claims.claim_register(
                school=vso, school_year=YEAR, submitted_on=D(2026, 9, 1), amount_claimed=1, by=None
            )


def test_an_sbo_school_uses_one_line_and_the_amount_laag(world):
    with scopes_disabled():
        sbo = SchoolFactory(tenant=world.tenant_a, brin="11SB00", kind=SchoolKind.SBO)
        CategoryAmount.objects.create(
            tenant=world.tenant_a, year=2026, kind=TlvKind.VSO, category=LAAG, amount=9000
        )
    a_tlv(world.school_a1, sbo, D(2026, 3, 1), D(2027, 7, 31), MIDDEN)
    a_tlv(world.school_a1, sbo, D(2026, 4, 1), D(2027, 7, 31), LAAG)
    with scope(tenant=world.tenant_a):
        figures = vangnet_data.school_figures(school=sbo, school_year=YEAR)
        with pytest.raises(ValidationError, match="geen categorieën"):
            vangnet_data.figure_save(
                school=sbo,
                school_year=YEAR,
                kind=FigureKind.OUTFLOW,
                peildatum="",
                category=LAAG,
                value=1,
                source=FigureSource.DUO,
                note="",
                by=None,
            )
    assert figures.categories == ("",)
    assert figures.counts == vangnet_data.vangnet.Counts(0, 0, 2)
    # 2 new × 9.000 (the amount laag of 2026) = 18.000
    assert [(x.net_inflow, x.total) for x in figures.outcome.lines] == [(2, Decimal("18000.00"))]
