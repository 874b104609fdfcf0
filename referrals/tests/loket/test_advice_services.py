"""The rules of ``referrals.services.loket_advice``: deskundigen, assignment, the advice."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from referrals.models import Advice, AdviceConclusion, Category, Discipline, TlvKind
from referrals.services import loket_advice
from swvportal.accounts.models import Role

from .builders import D0, a_deskundige, a_request, an_advice

P = Discipline.PSYCHOLOOG


@pytest.fixture
def pair(world):
    return a_deskundige(world.tenant_a), a_deskundige(world.tenant_a, discipline=P)


# --- Deskundigen --------------------------------------------------------------------------------


DESKUNDIGE_REFUSALS = {
    "another discipline without saying which": (
        {"discipline": Discipline.OTHER, "discipline_other": " "},
        "Vul in welke andere discipline",
    ),
    "an unknown discipline": ({"discipline": "tovenaar"}, "geen geldige keuze"),
}


@pytest.mark.parametrize("data, message", DESKUNDIGE_REFUSALS.values(), ids=DESKUNDIGE_REFUSALS)
def test_a_deskundige_needs_a_valid_discipline(world, data, message):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        loket_advice.deskundige_create(membership=world.members[Role.DESKUNDIGE], data=data)
    assert message in str(refused.value)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.DESKUNDIGE])
def test_only_a_member_with_the_deskundige_role_can_be_one(world, role):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="rol Deskundige"):
        loket_advice.deskundige_create(
            membership=world.members[role], data={"discipline": Discipline.ORTHOPEDAGOOG}
        )


def test_a_member_gets_one_profile_with_their_schools(world):
    membership = world.members[Role.DESKUNDIGE]
    data = {"discipline": Discipline.OTHER}
    data.update(discipline_other="GZ-psycholoog", schools=[world.school_a2])
    with scope(tenant=world.tenant_a):
        made = loket_advice.deskundige_create(membership=membership, data=data)
        assert made.discipline_label == "GZ-psycholoog"
        assert list(made.schools.all()) == [world.school_a2]
        with pytest.raises(ValidationError, match="bestaat al"):
            loket_advice.deskundige_create(membership=membership, data=data)


def test_a_school_of_another_tenant_is_refused(world):
    expert = a_deskundige(world.tenant_a)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="alleen scholen"):
        loket_advice.deskundige_update(deskundige=expert, data={"schools": [world.school_b1]})


# --- Assignment ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, after",
    [
        ("ingediend", "in_behandeling"),
        ("in_behandeling", "in_behandeling"),
        ("aanvulling", "aanvulling"),
    ],
    ids=["submitted: into review", "in review: stays", "with the school: stays"],
)
def test_assigning_takes_a_submitted_request_into_review(world, pair, status, after):
    tlv = a_request(world.school_a1, status=status)
    with scope(tenant=world.tenant_a):
        loket_advice.advice_assign(tlv=tlv, first=pair[0], second=pair[1], on=D0)
        tlv.refresh_from_db()
        positions = [a.position for a in tlv.advices.all()]
    assert tlv.status == after
    assert (tlv.review_started_on == D0) == (status == "ingediend")
    assert positions == [1, 2]


@pytest.mark.parametrize("status", ["concept", "besluit", "afgerond", "ingetrokken"])
def test_no_assignment_outside_handling(world, pair, status):
    tlv = a_request(world.school_a1, status=status)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="geen deskundigen"):
        loket_advice.advice_assign(tlv=tlv, first=pair[0], second=pair[1])


def test_an_unsubmitted_deskundige_is_replaced_and_their_draft_goes(world, pair):
    tlv = a_request(world.school_a1, status="in_behandeling")
    an_advice(tlv, pair[0], position=1, reasoning="Concepttekst")
    newcomer = a_deskundige(world.tenant_a)
    with scope(tenant=world.tenant_a):
        assert [r.old for r in loket_advice.replacements(tlv, {1: newcomer, 2: pair[1]})] == [
            pair[0]
        ]
        loket_advice.advice_assign(tlv=tlv, first=newcomer, second=pair[1])
        advices = list(tlv.advices.order_by("position"))
    assert [a.deskundige for a in advices] == [newcomer, pair[1]]
    assert not advices[0].reasoning


def test_two_deskundigen_may_swap_places(world):
    psych, ortho = a_deskundige(world.tenant_a, discipline=P), a_deskundige(world.tenant_a)
    tlv = a_request(world.school_a1, status="in_behandeling")
    an_advice(tlv, psych, position=2)
    an_advice(tlv, ortho, position=1)
    with scope(tenant=world.tenant_a):
        loket_advice.advice_assign(tlv=tlv, first=psych, second=ortho)
        by_position = {a.position: a.deskundige for a in tlv.advices.all()}
    assert by_position == {1: psych, 2: ortho}


def test_a_submitted_advice_keeps_its_deskundige(world, pair):
    tlv = a_request(world.school_a1, status="in_behandeling")
    an_advice(tlv, pair[0], position=1, submitted=True)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="al ingediend"):
        loket_advice.advice_assign(tlv=tlv, first=a_deskundige(world.tenant_a), second=pair[1])


def test_an_inactive_deskundige_is_not_chosen_anew(world, pair):
    tlv = a_request(world.school_a1)
    with scopes_disabled():
        pair[1].active = False
        pair[1].save()
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="niet beschikbaar"):
        loket_advice.advice_assign(tlv=tlv, first=pair[0], second=pair[1])


# --- The advice ---------------------------------------------------------------------------------

DRAFT = {
    "declare_no_involvement": True,
    "personal": True,
    "conclusion": AdviceConclusion.ADMISSIBLE,
    "advised_category": Category.MIDDLE,
    "reasoning": "Intensieve begeleiding nodig.",
    "advised_on": D0,
}


def _advice(world, kind=TlvKind.VSO) -> Advice:
    cluster = 4 if kind == TlvKind.VSO else None
    tlv = a_request(world.school_a1, status="in_behandeling", kind=kind, cluster=cluster)
    return an_advice(tlv, a_deskundige(world.tenant_a), position=1)


def test_the_declaration_stamps_its_day_and_can_be_withdrawn(world):
    advice = _advice(world)
    day = datetime.date(2026, 9, 10)
    with scope(tenant=world.tenant_a):
        saved = loket_advice.advice_update(advice=advice, data=DRAFT, on=day)
        assert saved.no_involvement_declared_on == day
        again = loket_advice.advice_update(advice=saved, data=DRAFT, on=day + datetime.timedelta(1))
        assert again.no_involvement_declared_on == day  # the first day stays
        withdrawn = loket_advice.advice_update(
            advice=again, data={**DRAFT, "declare_no_involvement": False}
        )
    assert withdrawn.no_involvement_declared_on is None


def test_a_category_is_advised_only_for_vso(world):
    advice = _advice(world, kind=TlvKind.PRO)
    with scope(tenant=world.tenant_a):
        saved = loket_advice.advice_update(advice=advice, data=DRAFT)
    assert saved.advised_category == ""


def test_an_advice_opened_before_a_change_is_not_saved_over_it(world):
    advice = _advice(world)
    with scope(tenant=world.tenant_a):
        loket_advice.advice_update(advice=advice, data=DRAFT, revision=advice.revision)
        with pytest.raises(ValidationError, match="intussen gewijzigd"):
            loket_advice.advice_update(advice=advice, data=DRAFT, revision=advice.revision)


SUBMIT_MISSING = {
    "no declaration": ({"declare_no_involvement": False}, "niet bij de leerling betrokken"),
    "a committee's advice": ({"personal": False}, "eigen advies"),
    "no conclusion": ({"conclusion": ""}, "Kies een conclusie"),
    "admissible without a category": ({"advised_category": ""}, "categorie"),
    "no reasoning": ({"reasoning": "  "}, "onderbouwing"),
    "no date": ({"advised_on": None}, "datum van het advies"),
    "a date in the future": (
        # Read when the test runs, not when it is collected: a run that crosses midnight
        # would otherwise sign an advice dated today.
        {"advised_on": lambda: timezone.localdate() + datetime.timedelta(days=1)},
        "in de toekomst",
    ),
}


@pytest.mark.parametrize("change, message", SUBMIT_MISSING.values(), ids=SUBMIT_MISSING)
def test_signing_needs_a_complete_advice(world, change, message):
    advice = _advice(world)
    change = {key: value() if callable(value) else value for key, value in change.items()}
    with scope(tenant=world.tenant_a):
        draft = loket_advice.advice_update(advice=advice, data={**DRAFT, **change})
        with pytest.raises(ValidationError) as refused:
            loket_advice.advice_submit(advice=draft)
        draft.refresh_from_db()
    assert [m for m in refused.value.messages if message in m]
    assert draft.submitted_at is None


def test_not_admissible_needs_no_category(world):
    advice = _advice(world)
    change = {"conclusion": AdviceConclusion.NOT_ADMISSIBLE, "advised_category": ""}
    with scope(tenant=world.tenant_a):
        draft = loket_advice.advice_update(advice=advice, data={**DRAFT, **change})
        assert loket_advice.submit_problems(draft) == []


def test_a_signed_advice_never_changes(world):
    advice = _advice(world)
    with scope(tenant=world.tenant_a):
        draft = loket_advice.advice_update(advice=advice, data=DRAFT)
        signed = loket_advice.advice_submit(advice=draft)
        assert signed.submitted_at is not None
        for attempt in (
            lambda: loket_advice.advice_update(advice=signed, data=DRAFT),
            lambda: loket_advice.advice_submit(advice=signed),
        ):
            with pytest.raises(ValidationError, match="niet meer worden gewijzigd"):
                attempt()


def test_no_advice_is_written_after_the_decision(world):
    advice = _advice(world)
    with scopes_disabled():
        advice.request.status = "besluit"
        advice.request.save()
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="al besloten"):
        loket_advice.advice_update(advice=advice, data=DRAFT)
