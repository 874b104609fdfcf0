"""The independence of the two deskundigen, table by table (issue 13 item 5).

One table of situations, read three ways: by the pure rule (``loket_rules``), by the assignment
service (which refuses what breaks a rule that already applies on assignment) and by the
decision's check over the stored advices (``loket_workflow.decision_problems``). Each row says
which rules it breaks on assignment and for the decision, by the rule's name in the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from referrals.models import Discipline
from referrals.services import loket_advice, loket_rules, loket_workflow

from .builders import D0, a_deskundige, a_request, an_advice, settings_for

ORTHO, P, PED = Discipline.ORTHOPEDAGOOG, Discipline.PSYCHOLOOG, Discipline.PEDAGOOG
KJP = Discipline.KINDERPSYCHIATER
# RefSVO's defaults; and a tenant where the first may work at the requesting school and the
# second must always be an orthopedagoog.
REFSVO: dict = {}
OWN_SCHOOL_FIRST = {"first_may_work_at_school": True, "second_disciplines": [ORTHO]}

DISCIPLINE_1 = "discipline van de eerste deskundige"
DISCIPLINE_2 = "discipline van de tweede deskundige"
SCHOOL = "onafhankelijk van de school"
TWO_PEOPLE = "twee verschillende deskundigen"
NOT_INVOLVED = "niet betrokken bij de leerling"
PERSONAL = "persoonlijk advies"
TWO_ADVICES = "twee adviezen"


@dataclass(frozen=True)
class Person:
    discipline: str = ORTHO
    at_school: bool = False  # works at the requesting school
    elsewhere: bool = False  # works at another school of the tenant
    declared: bool = True
    personal: bool = True
    submitted: bool = True
    same_as_first: bool = False


@dataclass(frozen=True)
class Case:
    settings: dict
    first: Person | None
    second: Person | None
    on_assignment: set[str]
    for_decision: set[str]


CASES = {
    "refsvo: orthopedagoog and psycholoog, both outside the school": Case(
        REFSVO, Person(ORTHO), Person(P), set(), set()
    ),
    "refsvo: psycholoog first, kinderpsychiater second": Case(
        REFSVO, Person(P), Person(KJP), set(), set()
    ),
    "refsvo: a pedagoog cannot be the first": Case(
        REFSVO, Person(PED), Person(P), {DISCIPLINE_1}, {DISCIPLINE_1}
    ),
    "refsvo: the first works at the requesting school": Case(
        REFSVO, Person(ORTHO, at_school=True), Person(P), {SCHOOL}, {SCHOOL}
    ),
    "refsvo: the second works at the requesting school": Case(
        REFSVO, Person(ORTHO), Person(P, at_school=True), {SCHOOL}, {SCHOOL}
    ),
    "refsvo: working at another school of the tenant is fine": Case(
        REFSVO, Person(ORTHO, elsewhere=True), Person(P, elsewhere=True), set(), set()
    ),
    "own-school tenant: the first may work at the requesting school": Case(
        OWN_SCHOOL_FIRST, Person(P, at_school=True), Person(ORTHO), set(), set()
    ),
    "own-school tenant: the second still may not": Case(
        OWN_SCHOOL_FIRST, Person(P), Person(ORTHO, at_school=True), {SCHOOL}, {SCHOOL}
    ),
    "own-school tenant: the second must be an orthopedagoog": Case(
        OWN_SCHOOL_FIRST, Person(ORTHO), Person(P), {DISCIPLINE_2}, {DISCIPLINE_2}
    ),
    "own-school tenant: both rules broken at once": Case(
        OWN_SCHOOL_FIRST,
        Person(PED, at_school=True),
        Person(KJP),
        {DISCIPLINE_1, DISCIPLINE_2},
        {DISCIPLINE_1, DISCIPLINE_2},
    ),
    "the same person twice": Case(
        REFSVO, Person(ORTHO), Person(ORTHO, same_as_first=True), {TWO_PEOPLE}, {TWO_PEOPLE}
    ),
    "the declaration of no involvement is missing": Case(
        REFSVO, Person(ORTHO), Person(P, declared=False), set(), {NOT_INVOLVED}
    ),
    "a committee advice is not one of the two": Case(
        REFSVO, Person(ORTHO, personal=False), Person(P), set(), {PERSONAL}
    ),
    "an advice is not submitted yet": Case(
        REFSVO, Person(ORTHO), Person(P, submitted=False), set(), {TWO_ADVICES}
    ),
    "the second advice is missing": Case(REFSVO, Person(ORTHO), None, set(), {TWO_ADVICES}),
    "no deskundige at all": Case(REFSVO, None, None, set(), {TWO_ADVICES}),
}
STORABLE = {k: c for k, c in CASES.items() if not (c.second and c.second.same_as_first)}


def rules_named(messages: list[str]) -> set[str]:
    return set(re.findall(r"Regel '([^']+)'", " ".join(messages)))


@dataclass(frozen=True)
class Expert:
    pk: int
    name: str
    discipline: str

    @property
    def discipline_label(self) -> str:
        return Discipline(self.discipline).label


SCHOOL_ID, OTHER_SCHOOL_ID = 10, 11


def _assigned(position: int, person: Person) -> loket_rules.Assigned:
    pk = 1 if person.same_as_first else position
    schools = {SCHOOL_ID} if person.at_school else {OTHER_SCHOOL_ID} if person.elsewhere else set()
    return loket_rules.Assigned(
        position=position,
        expert=Expert(pk, f"Deskundige {pk}", person.discipline),
        school_ids=frozenset(schools),
        declared_no_involvement=person.declared,
        personal=person.personal,
        submitted=person.submitted,
    )


@pytest.mark.parametrize("for_decision", [False, True], ids=["on assignment", "for the decision"])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_rule_names_each_broken_rule(world, case, for_decision):
    settings = settings_for(world.tenant_a, **case.settings)
    assigned = [
        _assigned(position, person)
        for position, person in ((1, case.first), (2, case.second))
        if person is not None
    ]
    problems = loket_rules.independence_problems(
        assigned, requesting_school_id=SCHOOL_ID, settings=settings, for_decision=for_decision
    )
    expected = case.for_decision if for_decision else case.on_assignment
    assert rules_named(problems) == expected


# --- Through the database: the service on assignment, the workflow for the decision -----------


def _deskundigen(world, case: Case):
    """The case's deskundigen as stored rows (the same row twice for "the same person")."""

    def one(person: Person | None):
        if person is None:
            return None
        schools = (
            [world.school_a1] if person.at_school else [world.school_a2] if person.elsewhere else []
        )
        return a_deskundige(world.tenant_a, discipline=person.discipline, schools=schools)

    first = one(case.first)
    second = first if case.second and case.second.same_as_first else one(case.second)
    return first, second


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_assignment_refuses_what_breaks_a_rule_and_names_it(world, case):
    settings_for(world.tenant_a, **case.settings)
    tlv = a_request(world.school_a1)
    first, second = _deskundigen(world, case)
    with scope(tenant=world.tenant_a):
        if case.on_assignment:
            with pytest.raises(ValidationError) as refused:
                loket_advice.advice_assign(tlv=tlv, first=first, second=second)
            assert rules_named(refused.value.messages) == case.on_assignment
            assert not tlv.advices.exists()
        else:
            loket_advice.advice_assign(tlv=tlv, first=first, second=second)
            assert tlv.advices.count() == len([d for d in (first, second) if d is not None])


@pytest.mark.parametrize("case", STORABLE.values(), ids=STORABLE.keys())
def test_the_decision_check_reads_the_stored_advices(world, case):
    settings_for(world.tenant_a, **case.settings)
    tlv = a_request(world.school_a1, status="in_behandeling")
    first, second = _deskundigen(world, case)
    for position, person, deskundige in ((1, case.first, first), (2, case.second, second)):
        if person is None:
            continue
        an_advice(
            tlv,
            deskundige,
            position=position,
            submitted=person.submitted,
            no_involvement_declared_on=D0 if person.declared else None,
            personal=person.personal,
        )
    with scope(tenant=world.tenant_a):
        problems = loket_workflow.decision_problems(tlv)
        refused = loket_workflow.REQUEST_WORKFLOW.problems(tlv, "besluit")
    assert rules_named(problems) == case.for_decision
    assert refused == problems  # the workflow refuses the decision with the same reasons
