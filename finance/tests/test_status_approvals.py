"""The begroting's approval trail and vaststelling, through the services and the workflow: the
tenant's required steps (table-driven over ``FinanceSettings.required_bodies``), a step of 1.0
never counting for 2.0, and a vastgestelde version refusing every change in Dutch."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from swvportal.core.versioning import ApprovalBody, ApprovalKind, ApprovalOutcome

from .. import services
from ..models import BegrotingApproval, BegrotingStatus, BudgetAmount, LineGroup
from .builders import ADOPTED_ON, a_begroting, a_concept_after, line_titled

pytestmark = pytest.mark.django_db

FC, RVT, OPR = ApprovalBody.FINANCE, ApprovalBody.RVT, ApprovalBody.OPR
MISSING = {
    FC: "positief besluit van de Financiële commissie",
    RVT: "positief besluit van de Raad van toezicht (RvT)",
    OPR: "positief besluit van de Ondersteuningsplanraad (OPR)",
}


def step(begroting, body, outcome=ApprovalOutcome.POSITIVE, kind=ApprovalKind.APPROVAL, day=1):
    return services.approval_add(
        begroting=begroting,
        data={"body": body, "kind": kind, "date": datetime.date(2024, 11, day), "outcome": outcome},
    )


@pytest.mark.parametrize(
    ("required", "given", "missing"),
    [
        # the default (RefSVO): financiële commissie, RvT and OPR
        (None, [], [FC, RVT, OPR]),
        (None, [FC, RVT], [OPR]),
        (None, [FC, OPR], [RVT]),
        (None, [RVT, OPR], [FC]),
        (None, [FC, RVT, OPR], []),
        # a tenant that asks only the RvT and the OPR
        ([RVT, OPR], [RVT], [OPR]),
        ([RVT, OPR], [RVT, OPR], []),
        # a tenant that asks no step before the ALV
        ([], [], []),
        # an unknown body in the setting is ignored
        (["onbekend", OPR], [OPR], []),
    ],
)
def test_required_steps_block_adoption_with_the_dutch_reason(world, required, given, missing):
    with scope(tenant=world.tenant_a):
        if required is not None:
            services.settings_save(tenant=world.tenant_a, data={"required_bodies": required})
        begroting = a_begroting(world.tenant_a)
        for day, body in enumerate(given, start=1):
            step(begroting, body, day=day)
        problems = services.adopt_problems(begroting)
        assert len(problems) == len(missing)
        for body in missing:
            assert any(MISSING[body] in problem for problem in problems)
        if missing:
            with pytest.raises(ValidationError) as refused:
                services.begroting_adopt(begroting=begroting, on=ADOPTED_ON)
            assert any(MISSING[missing[0]] in m for m in refused.value.messages)
            begroting.refresh_from_db()
            assert begroting.status == BegrotingStatus.CONCEPT
        else:
            adopted = services.begroting_adopt(begroting=begroting, on=ADOPTED_ON)
            assert adopted.status == BegrotingStatus.ADOPTED and adopted.adopted_on == ADOPTED_ON


@pytest.mark.parametrize("outcome", [ApprovalOutcome.NEGATIVE, ApprovalOutcome.PENDING])
def test_a_step_that_is_not_positive_does_not_count(world, outcome):
    with scope(tenant=world.tenant_a):
        begroting = a_begroting(world.tenant_a)
        step(begroting, FC)
        step(begroting, RVT)
        step(begroting, OPR, outcome=outcome)
        assert [p for p in services.adopt_problems(begroting) if MISSING[OPR] in p]


def test_a_step_of_version_1_never_counts_for_version_2(world):
    adopted = a_begroting(world.tenant_a, adopted=True)
    concept = a_concept_after(adopted)
    with scope(tenant=world.tenant_a):
        assert BegrotingApproval.objects.filter(begroting=adopted).count() == 4  # 3 + the ALV
        assert not BegrotingApproval.objects.filter(begroting=concept).exists()
        problems = services.adopt_problems(concept)
        assert {body for body in MISSING if any(MISSING[body] in p for p in problems)} == {
            FC,
            RVT,
            OPR,
        }
        # Even a step that carries 1.0's uid (copied along by hand) is not 2.0's own.
        old = BegrotingApproval.objects.filter(begroting=adopted, body=RVT).get()
        BegrotingApproval.objects.create(
            tenant=world.tenant_a,
            begroting=concept,
            uid=old.uid,
            body=old.body,
            kind=old.kind,
            date=old.date,
            outcome=old.outcome,
        )
        assert any(MISSING[RVT] in p for p in services.adopt_problems(concept))


def test_adoption_records_the_alv_and_makes_the_version_read_only(world):
    begroting = a_begroting(world.tenant_a, adopted=True)
    line = line_titled(begroting, "Programma 3 Loket")
    with scope(tenant=world.tenant_a):
        alv = BegrotingApproval.objects.get(begroting=begroting, body=ApprovalBody.ALV)
        assert alv.date == ADOPTED_ON and alv.outcome == ApprovalOutcome.POSITIVE
        refusals = [
            lambda: services.amounts_set(line=line, amounts={2025: 1}),
            lambda: services.line_update(line=line, data={"title": "Anders"}),
            lambda: services.line_create(begroting=begroting, group=LineGroup.INCOME, title="X"),
            lambda: services.line_delete(line=line),
            lambda: services.line_move(line=line, direction="up"),
            lambda: services.begroting_update(begroting=begroting, data={"note": "x"}),
            lambda: step(begroting, OPR),
            lambda: services.approval_delete(step=alv),
        ]
        for refuse in refusals:
            with pytest.raises(ValidationError) as refused:
                refuse()
            assert "is vastgesteld en verandert niet meer" in refused.value.messages[0]
        assert BudgetAmount.objects.get(line=line, year=2025).amount == 200_000
        line.refresh_from_db()
        assert line.title == "Programma 3 Loket"
        with pytest.raises(ValidationError, match="niet naar"):
            services.begroting_adopt(begroting=begroting, on=ADOPTED_ON)


def test_a_new_version_copies_lines_and_amounts_for_the_next_cycle(world):
    adopted = a_begroting(world.tenant_a, adopted=True)
    with scope(tenant=world.tenant_a):
        copy = services.begroting_new_version(begroting=adopted, first_year=2026, last_year=2028)
        assert (copy.version, copy.status, copy.based_on_id) == ("2.0", "concept", adopted.pk)
        old, new = (
            line_titled(adopted, "Zware ondersteuning"),
            line_titled(copy, "Zware ondersteuning"),
        )
        assert new.uid == old.uid and new.pk != old.pk
        assert dict(new.amounts.values_list("year", "amount")) == {2026: 1_000_000, 2027: 1_000_000}
        with pytest.raises(ValidationError, match="al een conceptversie"):
            services.begroting_new_version(begroting=adopted)
        with pytest.raises(ValidationError, match="nog een concept"):
            services.begroting_new_version(begroting=copy)


def test_the_service_refuses_a_future_step_and_a_positive_alv_step(world):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from finance import services
    from finance.models import BegrotingApproval
    from finance.tests.builders import a_begroting
    from swvportal.core.versioning import ApprovalBody, ApprovalKind, ApprovalOutcome

    begroting = a_begroting(world.tenant_a)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for data, field in (
        ({"body": ApprovalBody.RVT, "date": tomorrow}, "date"),
        ({"body": ApprovalBody.ALV, "date": dt.date(2024, 11, 26)}, "outcome"),
    ):
        step = {"kind": ApprovalKind.APPROVAL, "outcome": ApprovalOutcome.POSITIVE, **data}
        with pytest.raises(ValidationError) as refused:
            services.approval_add(begroting=begroting, data=step)
        assert list(refused.value.message_dict) == [field]
    with pytest.raises(ValidationError, match="toekomst"):
        services.begroting_adopt(begroting=begroting, on=tomorrow)
    with scopes_disabled():
        assert not BegrotingApproval.objects.filter(begroting=begroting).exists()
