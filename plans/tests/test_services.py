"""The rules of the ondersteuningsplan (domain.md §3), enforced by plans.services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from pillars.models import Goal, Pillar, Step
from plans import services
from plans.models import ApprovalStep, Chapter, Plan, PlanStatus
from plans.tests.factories import add_approval, make_plan


@pytest.fixture
def plan(world):
    return make_plan(world.tenant_a)


@pytest.fixture
def scoped(world):
    with scope(tenant=world.tenant_a):
        yield


def _add_opr(plan, outcome="positief", kind="instemming", body="opr"):
    return add_approval(plan, body=body, kind=kind, outcome=outcome)


# --- Status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("concept", "ter_consultatie", True),
        ("ter_consultatie", "concept", True),
        ("concept", "vastgesteld", True),
        ("ter_consultatie", "vastgesteld", True),
        ("vastgesteld", "verzonden", True),
        ("concept", "verzonden", False),
        ("vastgesteld", "concept", False),
        ("vastgesteld", "ter_consultatie", False),
        ("verzonden", "vastgesteld", False),
        ("verzonden", "concept", False),
    ],
)
def test_status_transitions(world, scoped, start, target, allowed):
    plan = make_plan(world.tenant_a, status=start)  # adopted ones come with the OPR's consent
    if target == "vastgesteld" and start in ("concept", "ter_consultatie"):
        _add_opr(plan)
    if allowed:
        assert services.plan_set_status(plan=plan, status=target).status == target
    else:
        with pytest.raises(ValidationError, match="kan het plan niet naar"):
            services.plan_set_status(plan=plan, status=target)
        assert Plan.objects.get(pk=plan.pk).status == start


def test_it_refuses_adoption_without_opr_consent_and_says_why(plan, scoped):
    with pytest.raises(ValidationError) as exc:
        services.plan_set_status(plan=plan, status="vastgesteld")
    assert "instemming van de ondersteuningsplanraad (OPR)" in " ".join(exc.value.messages)
    assert Plan.objects.get(pk=plan.pk).status == "concept"


@pytest.mark.parametrize(
    ("body", "kind", "outcome"),
    [
        ("opr", "advies", "positief"),
        ("opr", "instemming", "negatief"),
        ("opr", "instemming", "aangehouden"),
        ("rvt", "instemming", "positief"),
        ("alv", "goedkeuring", "positief"),
    ],
)
def test_only_a_positive_opr_instemming_counts(plan, scoped, body, kind, outcome):
    _add_opr(plan, outcome=outcome, kind=kind, body=body)
    with pytest.raises(ValidationError, match="OPR"):
        services.plan_set_status(plan=plan, status="vastgesteld")


def test_adoption_with_opr_consent_records_the_date(plan, scoped):
    _add_opr(plan)
    adopted = services.plan_set_status(
        plan=plan, status="vastgesteld", on=datetime.date(2026, 4, 23)
    )
    assert adopted.status == PlanStatus.ADOPTED and adopted.adopted_on == datetime.date(2026, 4, 23)
    sent = services.plan_set_status(plan=adopted, status="verzonden", on=datetime.date(2026, 4, 28))
    assert sent.sent_on == datetime.date(2026, 4, 28)


# --- Read-only adopted versions --------------------------------------------------------------


@pytest.fixture
def adopted(world):
    return make_plan(world.tenant_a, status="vastgesteld")


def test_an_adopted_plan_refuses_every_change(adopted, scoped):
    chapter = Chapter.objects.filter(plan=adopted).first()
    step = Step.objects.filter(plan=adopted).first()
    attempts = [
        lambda: services.item_create(plan=adopted, kind="hoofdstuk", data={"title": "Nieuw"}),
        lambda: services.item_update(item=chapter, data={"title": "Anders"}, revision=1),
        lambda: services.item_delete(item=step),
        lambda: services.item_move(item=chapter, direction="omlaag"),
        lambda: services.plan_update(plan=adopted, data={"title": "X"}, revision=adopted.revision),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="vastgesteld en kan niet meer worden gewijzigd"):
            attempt()
    assert Chapter.objects.get(pk=chapter.pk).title == chapter.title
    assert Step.objects.filter(pk=step.pk).exists()


def test_the_opr_consent_of_an_adopted_plan_cannot_be_removed(adopted, scoped):
    consent = ApprovalStep.objects.get(plan=adopted)
    with pytest.raises(ValidationError, match="grond voor de vaststelling"):
        services.item_delete(item=consent)
    with pytest.raises(ValidationError, match="grond voor de vaststelling"):
        services.item_update(item=consent, data={"outcome": "negatief"}, revision=1)
    # Later steps (an ALV that approves after adoption) may still be added.
    _add_opr(adopted, kind="goedkeuring", body="alv")
    assert ApprovalStep.objects.filter(plan=adopted).count() == 2


# --- New versions --------------------------------------------------------------------------


def test_a_new_version_copies_everything_and_leaves_the_original(adopted, scoped):
    copy = services.plan_new_version(plan=adopted)
    assert (copy.version, copy.status, copy.lineage) == ("1.1", "concept", adopted.lineage)
    for model in (Chapter, Pillar, Goal, Step):
        original = list(model.objects.filter(plan=adopted).values_list("uid", flat=True))
        copied = list(model.objects.filter(plan=copy).values_list("uid", flat=True))
        assert copied == original and copied, model
    copied_step = Step.objects.select_related("goal__pillar").filter(plan=copy).first()
    assert copied_step.goal.plan_id == copy.pk and copied_step.goal.pillar.plan_id == copy.pk
    services.item_update(
        item=Chapter.objects.filter(plan=copy).first(), data={"title": "Nieuwe titel"}, revision=1
    )
    assert Chapter.objects.filter(plan=adopted).first().title == "Inleiding"


def test_versions_count_up(adopted, scoped):
    assert services.plan_new_version(plan=adopted).version == "1.1"
    assert services.plan_new_version(plan=adopted).version == "1.2"
    assert services.plan_new_version(plan=adopted, major=True).version == "2.0"


def test_a_concept_needs_no_new_version(plan, scoped):
    with pytest.raises(ValidationError, match="kunt u nog gewoon bewerken"):
        services.plan_new_version(plan=plan)


# --- Editing ---------------------------------------------------------------------------------


def test_two_people_editing_one_chapter_get_a_conflict_not_a_silent_overwrite(plan, scoped, world):
    chapter = Chapter.objects.filter(plan=plan).first()
    opened_by_both = chapter.revision
    services.item_update(
        item=chapter,
        data={"body": "Tekst van Anna"},
        revision=opened_by_both,
        by=world.user("bestuurder"),
    )
    with pytest.raises(services.EditConflict) as exc:
        services.item_update(item=chapter, data={"body": "Tekst van Bram"}, revision=opened_by_both)
    assert "intussen gewijzigd door" in exc.value.messages[0]
    assert exc.value.current.body == "Tekst van Anna"
    assert Chapter.objects.get(pk=chapter.pk).body == "Tekst van Anna"


def test_numbers_and_letters_follow_the_order(plan, scoped):
    goal = Goal.objects.filter(plan=plan, title="Pedagogische visie").get()
    new = services.item_create(
        plan=plan,
        kind="stap",
        parent=goal,
        data={"timing": "schooljaar", "school_year": 2028, "text": "Evalueren."},
    )
    assert [s.letter for s in goal.steps.order_by("position")] == ["a", "b", "c"]
    services.item_move(item=new, direction="omhoog")
    assert [s.text for s in goal.steps.order_by("position")] == [
        "Inventariseren.",
        "Evalueren.",
        "Invoeren.",
    ]
    services.item_delete(item=goal.steps.order_by("position").first())
    assert [(s.letter, s.text) for s in goal.steps.order_by("position")] == [
        ("a", "Evalueren."),
        ("b", "Invoeren."),
    ]


def test_moving_the_first_up_changes_nothing(plan, scoped):
    first = Chapter.objects.filter(plan=plan).order_by("position").first()
    services.item_move(item=first, direction="omhoog")
    assert Chapter.objects.filter(plan=plan).order_by("position").first() == first


@pytest.mark.parametrize(
    ("timing", "year", "message"),
    [
        ("schooljaar", None, "Kies het schooljaar"),
        ("schooljaar", 2025, "buiten de planperiode"),
        ("schooljaar", 2030, "buiten de planperiode"),
        ("jaarlijks", 2026, "geen schooljaar"),
        ("doorlopend", 2027, "geen schooljaar"),
        ("vanaf", 2031, "buiten de planperiode"),
    ],
)
def test_step_timing_and_school_year_must_agree(plan, scoped, timing, year, message):
    goal = Goal.objects.filter(plan=plan).first()
    with pytest.raises(ValidationError, match=message):
        services.item_create(
            plan=plan,
            kind="stap",
            parent=goal,
            data={"timing": timing, "school_year": year, "text": "x"},
        )


@pytest.mark.parametrize(
    ("timing", "year"), [("vanaf", 2025), ("schooljaar", 2029), ("jaarlijks", None)]
)
def test_valid_step_timings(plan, scoped, timing, year):
    goal = Goal.objects.filter(plan=plan).first()
    step = services.item_create(
        plan=plan,
        kind="stap",
        parent=goal,
        data={"timing": timing, "school_year": year, "text": "x"},
    )
    assert step.pk


def test_a_duplicate_abbreviation_is_a_dutch_error(plan, scoped):
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            plan=plan, kind="afkorting", data={"abbreviation": "OPR", "meaning": "Nog eens"}
        )
    assert exc.value.messages == ["Deze afkorting staat al in de lijst van dit plan."]


def test_a_step_must_belong_to_a_goal_of_the_same_plan(world, plan, scoped):
    other = make_plan(world.tenant_a, titel="Ander plan")
    foreign_goal = Goal.objects.filter(plan=other).first()
    with pytest.raises(ValidationError, match="hoort bij een onderdeel van dit plan"):
        services.item_create(
            plan=plan,
            kind="stap",
            parent=foreign_goal,
            data={"timing": "jaarlijks", "school_year": None, "text": "x"},
        )


# --- Each version its own approval trail (issue #11) -------------------------------------------


def test_a_new_version_starts_its_own_approval_trail(adopted, scoped):
    copy = services.plan_new_version(plan=adopted)
    assert not ApprovalStep.objects.filter(plan=copy).exists()
    assert ApprovalStep.objects.filter(plan=adopted).count() == 1  # the history of 1.0 stays


def test_it_refuses_adoption_of_a_new_version_on_the_consent_given_to_the_previous_one(
    adopted, scoped
):
    copy = services.plan_new_version(plan=adopted)
    # A trail copied before this rule: the step keeps the earlier version's uid.
    consent = ApprovalStep.objects.get(plan=adopted)
    consent.pk = None
    consent._state.adding = True
    consent.plan = copy
    consent.save()
    with pytest.raises(ValidationError, match="instemming van de ondersteuningsplanraad"):
        services.plan_set_status(plan=copy, status="vastgesteld")
    _add_opr(copy)
    assert services.plan_set_status(plan=copy, status="vastgesteld").status == "vastgesteld"


def test_it_refuses_any_change_to_the_opr_consent_of_an_adopted_plan(adopted, scoped):
    consent = ApprovalStep.objects.get(plan=adopted)
    with pytest.raises(ValidationError, match="grond voor de vaststelling"):
        services.item_update(item=consent, data={"note": "Later toegevoegd"}, revision=1)
    assert ApprovalStep.objects.get(pk=consent.pk).note == ""


def test_a_copied_part_keeps_who_changed_it_last_and_when(adopted, scoped, world):
    chapter = Chapter.objects.filter(plan=adopted).first()
    before = (chapter.updated_by_id, chapter.updated_at)
    copy = services.plan_new_version(plan=adopted, by=world.user("bestuurder"))
    copied = Chapter.objects.get(plan=copy, uid=chapter.uid)
    assert (copied.updated_by_id, copied.updated_at) == before
    step = Step.objects.filter(plan=adopted).first()
    copied_step = Step.objects.get(plan=copy, uid=step.uid)
    assert (copied_step.updated_by_id, copied_step.updated_at) == (
        step.updated_by_id,
        step.updated_at,
    )
