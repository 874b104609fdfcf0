"""Writing the begroting (``finance.services``): lines and amounts only on a concept, sub-lines,
the next version, adoption and what it freezes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from swvportal.core.versioning import EditConflict

from .. import services
from ..models import (
    BegrotingApproval,
    BegrotingStatus,
    BudgetAmount,
    BudgetLine,
    ClaimStatus,
    LineGroup,
    LineSource,
    VangnetClaim,
)
from ..selectors import begroting_table
from .builders import a_begroting, line_titled, record_required_steps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_scopes():
    with scopes_disabled():
        yield


def _amounts(line: BudgetLine) -> dict[int, int]:
    return dict(BudgetAmount.objects.filter(line=line).values_list("year", "amount"))


def test_amounts_are_set_per_year_and_refused_outside_the_years(world):
    begroting = a_begroting(world.tenant_a)
    line = line_titled(begroting, "Programma 3 Loket")
    services.amounts_set(line=line, amounts={2026: 250_000})
    assert _amounts(line) == {2025: 200_000, 2026: 250_000, 2027: 200_000}
    with pytest.raises(ValidationError, match="2028 valt daarbuiten"):
        services.amounts_set(line=line, amounts={2028: 1, 2026: 5})
    assert _amounts(line)[2026] == 250_000  # nothing of the refused change was saved


def test_a_second_save_from_an_old_form_is_refused(world):
    line = line_titled(a_begroting(world.tenant_a), "Programma 3 Loket")
    services.amounts_set(line=line, amounts={2025: 1}, revision=line.revision)
    with pytest.raises(EditConflict):
        services.amounts_set(line=line, amounts={2025: 2}, revision=line.revision)


def test_the_first_sub_line_takes_over_its_parents_amounts(world):
    begroting = a_begroting(world.tenant_a)
    parent = line_titled(begroting, "Programma 3 Loket")
    staff = services.line_create(
        begroting=begroting, group=LineGroup.PROGRAMMES, title="Loketmedewerkers", parent=parent
    )
    assert _amounts(staff) == {2025: 200_000, 2026: 200_000, 2027: 200_000}
    assert _amounts(parent) == {}
    services.line_create(
        begroting=begroting,
        group=LineGroup.PROGRAMMES,
        title="Deskundigen",
        parent=parent,
        amounts={2025: 50_000},
    )
    table = begroting_table(begroting)
    row = next(r for r in table.rows() if r.line.id == parent.pk)
    assert row.amounts == {2025: 250_000, 2026: 200_000, 2027: 200_000}
    assert table.result[2025] == -50_000
    with pytest.raises(ValidationError, match="subregels"):
        services.amounts_set(line=parent, amounts={2025: 1})


@pytest.mark.parametrize(
    ("group", "parent_title", "message"),
    [
        (LineGroup.INCOME, "Programma 3 Loket", "dezelfde groep"),
        (LineGroup.PROGRAMMES, "Loketmedewerkers", "geen subregels"),
    ],
)
def test_sub_lines_stay_one_level_deep_and_in_their_group(world, group, parent_title, message):
    begroting = a_begroting(world.tenant_a)
    loket = line_titled(begroting, "Programma 3 Loket")
    services.line_create(
        begroting=begroting, group=LineGroup.PROGRAMMES, title="Loketmedewerkers", parent=loket
    )
    with pytest.raises(ValidationError, match=message):
        services.line_create(
            begroting=begroting,
            group=group,
            title="Nog een",
            parent=line_titled(begroting, parent_title),
        )


def test_moving_a_line_within_its_group(world):
    begroting = a_begroting(world.tenant_a)
    services.line_move(line=line_titled(begroting, "Overige baten"), direction="up")
    titles = [r.line.title for r in begroting_table(begroting).group(LineGroup.INCOME).rows]
    assert titles == ["Overige baten", "Zware ondersteuning"]
    services.line_move(line=line_titled(begroting, "Overige baten"), direction="up")  # at the top
    titles = [r.line.title for r in begroting_table(begroting).group(LineGroup.INCOME).rows]
    assert titles == ["Overige baten", "Zware ondersteuning"]


def test_adoption_needs_the_required_steps_and_then_nothing_changes(world):
    begroting = a_begroting(world.tenant_a)
    with pytest.raises(ValidationError) as refused:
        services.begroting_adopt(begroting=begroting, on=datetime.date(2024, 11, 26))
    assert len(refused.value.messages) == 3  # financiële commissie, RvT and OPR
    assert "Financiële commissie" in refused.value.messages[0]
    record_required_steps(begroting)
    adopted = services.begroting_adopt(begroting=begroting, on=datetime.date(2024, 11, 26))
    assert adopted.status == BegrotingStatus.ADOPTED
    assert adopted.adopted_on == datetime.date(2024, 11, 26)
    line = line_titled(adopted, "Programma 3 Loket")
    for change in (
        lambda: services.amounts_set(line=line, amounts={2025: 1}),
        lambda: services.line_update(line=line, data={"title": "Anders"}),
        lambda: services.line_delete(line=line),
        lambda: services.line_create(begroting=adopted, group=LineGroup.INCOME, title="Nieuw"),
        lambda: services.approval_add(begroting=adopted, data={}),
    ):
        with pytest.raises(ValidationError, match="vastgesteld"):
            change()
    assert _amounts(line)[2025] == 200_000


def test_the_next_version_copies_lines_sub_lines_and_amounts_with_their_uids(world):
    begroting = a_begroting(world.tenant_a)
    loket = line_titled(begroting, "Programma 3 Loket")
    services.line_create(
        begroting=begroting, group=LineGroup.PROGRAMMES, title="Loketmedewerkers", parent=loket
    )
    record_required_steps(begroting)
    adopted = services.begroting_adopt(begroting=begroting, on=datetime.date(2024, 11, 26))
    concept = services.begroting_new_version(begroting=adopted, first_year=2026, last_year=2028)
    assert (concept.version, concept.status) == ("2.0", BegrotingStatus.CONCEPT)
    assert (concept.first_year, concept.last_year) == (2026, 2028)
    old = {line.uid: line for line in BudgetLine.objects.filter(begroting=adopted)}
    new = {line.uid: line for line in BudgetLine.objects.filter(begroting=concept)}
    assert old.keys() == new.keys()
    staff = next(line for line in new.values() if line.title == "Loketmedewerkers")
    assert staff.parent.begroting_id == concept.pk and staff.parent.uid == loket.uid
    assert _amounts(staff) == {2026: 200_000, 2027: 200_000}  # 2025 is outside, 2028 new
    assert not BegrotingApproval.own_trail(concept).exists()  # a new version starts without
    with pytest.raises(ValidationError, match="al een conceptversie"):
        services.begroting_new_version(begroting=adopted)


def test_a_vangnet_line_follows_the_claims_until_adoption_freezes_it(world):
    begroting = a_begroting(world.tenant_a)
    line = services.line_create(
        begroting=begroting,
        group=LineGroup.PROGRAMMES,
        title="Vangnet",
        source=LineSource.VANGNET,
    )
    claim = VangnetClaim.objects.create(
        tenant=world.tenant_a,
        school=world.school_a1,
        school_year=2024,  # inflow in 2025, paid in 2026
        submitted_on=datetime.date(2025, 9, 20),
        amount_claimed=Decimal("30000.00"),
        amount_approved=Decimal("28000.00"),
        status=ClaimStatus.APPROVED,
    )
    row = next(r for r in begroting_table(begroting).rows() if r.line.id == line.pk)
    assert row.amounts == {2025: 0, 2026: 28_000, 2027: 0} and not row.typed
    with pytest.raises(ValidationError, match="vangnetdeclaraties"):
        services.amounts_set(line=line, amounts={2026: 1})
    record_required_steps(begroting)
    adopted = services.begroting_adopt(begroting=begroting, on=datetime.date(2025, 11, 25))
    claim.amount_approved = Decimal("99000.00")
    claim.save()
    row = next(r for r in begroting_table(adopted).rows() if r.line.id == line.pk)
    assert row.amounts[2026] == 28_000  # as it was on the day of adoption
