"""Generating a jaarplan from the adopted OSP: exactly the steps of the year, once; carrying
over only what the user chose."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.generate import carry_candidates, jaarplan_generate
from plans.jaarplan_rules import steps_for_year
from plans.models import Activity, Improvement
from plans.tests.factories import make_plan

from .builders import a_jaarplan, adopt, an_activity, an_adopted_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("school_year", "expected"),
    [
        (
            2026,
            {
                "Stap in 2026-2027.",
                "Stap vanaf 2025-2026.",
                "Jaarlijkse stap.",
                "Doorlopende stap.",
            },
        ),
        (
            2027,
            {
                "Stap in 2027-2028.",
                "Stap vanaf 2027-2028.",
                "Stap vanaf 2025-2026.",
                "Jaarlijkse stap.",
                "Doorlopende stap.",
            },
        ),
        (
            2028,
            {
                "Stap vanaf 2027-2028.",
                "Stap vanaf 2025-2026.",
                "Jaarlijkse stap.",
                "Doorlopende stap.",
                "Later.",
            },
        ),
        (
            2029,
            {
                "Stap vanaf 2027-2028.",
                "Stap vanaf 2025-2026.",
                "Jaarlijkse stap.",
                "Doorlopende stap.",
            },
        ),
    ],
)
def test_generation_takes_exactly_the_steps_of_the_school_year(world, school_year, expected):
    jaarplan = a_jaarplan(world.tenant_a, school_year)
    with scopes_disabled():
        titles = set(Improvement.objects.filter(jaarplan=jaarplan).values_list("title", flat=True))
    assert titles == expected


@pytest.mark.parametrize(
    ("timing", "year", "applies"),
    [
        ("schooljaar", 2026, [2026]),
        ("vanaf", 2027, [2027, 2028, 2029]),
        ("vanaf", 2024, [2026, 2027, 2028, 2029]),
        ("jaarlijks", None, [2026, 2027, 2028, 2029]),
        ("doorlopend", None, [2026, 2027, 2028, 2029]),
    ],
)
def test_the_rule_per_timing(timing, year, applies):
    class S:
        def __init__(self):
            self.timing, self.school_year = timing, year

    step = S()
    assert [y for y in (2026, 2027, 2028, 2029) if steps_for_year([step], y)] == applies


def test_a_verbeterpunt_keeps_the_doel_and_step_as_they_were(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    with scopes_disabled():
        point = Improvement.objects.get(jaarplan=jaarplan, title="Stap in 2026-2027.")
    assert (point.pillar_number, point.goal_number, point.step_letter) == (1, "1.1", "a")
    assert point.goal_title == "Elke stap" and point.step_when == "2026-2027"
    assert point.goal_uid is not None and point.step_uid is not None


def test_generating_twice_creates_nothing_new(world):
    first = a_jaarplan(world.tenant_a, 2026)
    with scope(tenant=world.tenant_a):
        again = jaarplan_generate(tenant=world.tenant_a, school_year=2026)
        assert again.jaarplan == first and not again.created and again.improvements == []
        assert Improvement.objects.filter(jaarplan=first).count() == 4


def test_without_an_adopted_plan_generation_is_refused_in_dutch(world):
    make_plan(world.tenant_a)  # a concept
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="vastgesteld"):
        jaarplan_generate(tenant=world.tenant_a, school_year=2026)


def test_an_adopted_jaarplan_is_not_regenerated(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    adopt(jaarplan)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="nieuwe versie"):
        jaarplan_generate(tenant=world.tenant_a, school_year=2026)


def test_carrying_over_copies_only_the_chosen_open_activities(world):
    an_adopted_plan(world.tenant_a)
    last_year = a_jaarplan(world.tenant_a, 2026)
    done = an_activity(last_year, result="Klaar", status="gereed")
    dropped = an_activity(last_year, result="Weg", status="vervallen", explanation="Geen geld.")
    chosen = an_activity(last_year, result="Gekozen", status="loopt")
    skipped = an_activity(last_year, result="Niet gekozen")
    with scope(tenant=world.tenant_a):
        offered = set(carry_candidates(tenant=world.tenant_a, school_year=2027))
        assert offered == {chosen, skipped}
        result = jaarplan_generate(tenant=world.tenant_a, school_year=2027, carry=[chosen.pk])
        assert [a.carried_from for a in result.carried] == [chosen]
        copy = result.carried[0]
        assert (copy.result, copy.status) == ("Gekozen", "loopt")
        assert copy.jaarplan_id != chosen.jaarplan_id
        # The step of 2026-2027 does not apply in 2027-2028: its verbeterpunt came along.
        assert copy.improvement.step_uid == chosen.improvement.step_uid
        assert set(carry_candidates(tenant=world.tenant_a, school_year=2027)) == {skipped}
        with pytest.raises(ValidationError):  # carried once only, never a closed one
            jaarplan_generate(tenant=world.tenant_a, school_year=2027, carry=[chosen.pk])
        with pytest.raises(ValidationError):
            jaarplan_generate(tenant=world.tenant_a, school_year=2027, carry=[done.pk, dropped.pk])
        assert Activity.objects.filter(jaarplan=result.jaarplan).count() == 1


def test_delayed_or_dropped_without_toelichting_is_refused_and_saves_nothing(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan)
    for status in ("vertraagd", "vervallen"):
        with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
            services.activity_progress(activity=activity, status=status, explanation="  ")
        assert "Licht toe" in str(refused.value)
    with scopes_disabled():
        activity.refresh_from_db()
        assert activity.status == "niet_gestart" and activity.notes.count() == 0


def test_an_adopted_jaarplan_refuses_content_and_accepts_status(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan)
    adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        with pytest.raises(ValidationError, match="alleen de status"):
            services.activity_update(activity=activity, data={"what": "Anders"}, revision=None)
        with pytest.raises(ValidationError, match="alleen de status"):
            an_activity(jaarplan)
        updated = services.activity_progress(
            activity=activity,
            status="vertraagd",
            explanation="Werkgroep later gestart.",
            note="Start in januari.",
        )
        assert updated.status == "vertraagd"
        note = updated.notes.get()
        assert (note.status_from, note.status_to, note.text) == (
            "niet_gestart",
            "vertraagd",
            "Start in januari.",
        )
