"""The decision's rules (issue 13, item 7) and the meeting's agenda rules (item 6)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from referrals.models import (
    AgendaItem,
    AgendaOutcome,
    Discipline,
    DurationRule,
    LoketMeeting,
    RequestStatus,
    TlvDecision,
    TlvKind,
)
from referrals.services import loket_decisions as services
from referrals.services import loket_rules

from .builders import a_deskundige, a_request, an_advice, settings_for

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """A fixed today, after the builders' dates (D0 = 1 September 2026)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


def a_ready_request(world, school=None, **fields):
    """In behandeling, with two independent, submitted, personal advices."""
    tlv = a_request(school or world.school_a1, status=RequestStatus.IN_REVIEW, **fields)
    an_advice(tlv, a_deskundige(world.tenant_a, name="Olga Ortho"), position=1, submitted=True)
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.JEUGDARTS, name="Jan Arts"),
        position=2,
        submitted=True,
    )
    return tlv


def granted(**changes):
    data = {
        "outcome": "toegekend",
        "cluster": 4,
        "category": "midden",
        "start_date": datetime.date(2026, 11, 1),
        "end_date": None,
        "receiving_school": None,
        "receiving_school_name": "Vso De Brug",
        "reasoning": "Beide deskundigen achten de leerling toelaatbaar tot het vso.",
        "decided_on": datetime.date(2026, 11, 20),
    }
    return {**data, **changes}


def decide(tlv, data, **kwargs):
    with scope(tenant=tlv.tenant):
        return services.tlv_decide(tlv=tlv, data=data, **kwargs)


# --- Refused without two independent, submitted advices ---------------------------------------


def _one_advice(world, tlv):
    an_advice(tlv, a_deskundige(world.tenant_a), position=1, submitted=True)


def _second_not_submitted(world, tlv):
    _one_advice(world, tlv)
    an_advice(tlv, a_deskundige(world.tenant_a, discipline=Discipline.PEDAGOOG), position=2)


def _joint_advice(world, tlv):
    _one_advice(world, tlv)
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.PEDAGOOG),
        position=2,
        submitted=True,
        personal=False,
    )


def _works_at_school(world, tlv):
    _one_advice(world, tlv)
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.PEDAGOOG, schools=[world.school_a1]),
        position=2,
        submitted=True,
    )


def _wrong_first_discipline(world, tlv):
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.JEUGDARTS),
        position=1,
        submitted=True,
    )
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.PEDAGOOG),
        position=2,
        submitted=True,
    )


def _no_declaration(world, tlv):
    _one_advice(world, tlv)
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.PEDAGOOG),
        position=2,
        submitted=True,
        no_involvement_declared_on=None,
    )


@pytest.mark.parametrize(
    ("situation", "rule"),
    [
        pytest.param(lambda w, t: None, "Regel 'twee adviezen'", id="no-advice"),
        pytest.param(_one_advice, "er is nog geen tweede deskundige", id="one-advice"),
        pytest.param(_second_not_submitted, "nog niet ingediend", id="second-not-submitted"),
        pytest.param(_joint_advice, "Regel 'persoonlijk advies'", id="joint-committee-advice"),
        pytest.param(_works_at_school, "Regel 'onafhankelijk van de school'", id="works-at-school"),
        pytest.param(_wrong_first_discipline, "discipline van de eerste", id="first-discipline"),
        pytest.param(_no_declaration, "Regel 'niet betrokken bij de leerling'", id="involvement"),
    ],
)
def test_deciding_is_refused_without_two_independent_submitted_advices(world, situation, rule):
    tlv = a_request(world.school_a1, status=RequestStatus.IN_REVIEW)
    situation(world, tlv)
    with pytest.raises(ValidationError) as refused:
        decide(tlv, granted())
    assert any(rule in message for message in refused.value.messages)
    with scopes_disabled():
        assert not TlvDecision.objects.exists()
        tlv.refresh_from_db()
    assert tlv.status == RequestStatus.IN_REVIEW


@pytest.mark.parametrize(
    "status",
    [RequestStatus.CONCEPT, RequestStatus.SUBMITTED, RequestStatus.SUPPLEMENT],
    ids=lambda s: s.value,
)
def test_only_a_request_in_behandeling_can_be_decided(world, status):
    tlv = a_ready_request(world)
    with scopes_disabled():
        type(tlv).objects.filter(pk=tlv.pk).update(status=status)
    with pytest.raises(ValidationError, match="niet naar 'Besluit genomen'"):
        decide(tlv, granted())


def test_a_ready_request_is_decided_and_moves_to_besluit(world):
    tlv = a_ready_request(world)
    decision = decide(tlv, granted())
    with scopes_disabled():
        tlv.refresh_from_db()
    assert tlv.status == RequestStatus.DECIDED and tlv.decided_on == datetime.date(2026, 11, 20)
    assert decision.is_granted and decision.category == "midden" and decision.cluster == 4
    # From 1 November, a year ends in the next school year: until its 31 July.
    assert decision.end_date == datetime.date(2028, 7, 31)
    assert decision.retention_from_date == tlv.retention_from_date == decision.end_date
    assert decision.pupil_id == tlv.pupil_id and decision.school_id == tlv.school_id


# --- The granted period and its defaults ------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "years", "start", "end"),
    [
        pytest.param(DurationRule.END_OF_SCHOOL_YEAR, 1, "2026-08-01", "2027-07-31", id="eos-1aug"),
        pytest.param(
            DurationRule.END_OF_SCHOOL_YEAR, 1, "2027-07-31", "2028-07-31", id="eos-31jul"
        ),
        pytest.param(
            DurationRule.END_OF_SCHOOL_YEAR, 1, "2028-02-29", "2029-07-31", id="eos-29feb"
        ),
        pytest.param(DurationRule.END_OF_SCHOOL_YEAR, 2, "2026-08-01", "2028-07-31", id="eos-2y"),
        pytest.param(DurationRule.SCHOOL_YEARS, 1, "2026-08-01", "2027-07-31", id="sy-1aug"),
        pytest.param(DurationRule.SCHOOL_YEARS, 1, "2027-07-31", "2028-07-31", id="sy-31jul"),
        pytest.param(DurationRule.SCHOOL_YEARS, 1, "2028-02-29", "2029-07-31", id="sy-29feb"),
        pytest.param(DurationRule.SCHOOL_YEARS, 3, "2026-08-01", "2029-07-31", id="sy-3y-1aug"),
        pytest.param(DurationRule.SCHOOL_YEARS, 2, "2027-03-01", "2028-07-31", id="sy-2y-march"),
    ],
)
def test_the_granted_end_date_defaults_from_the_tenants_duration_rule(
    world, rule, years, start, end
):
    settings_for(world.tenant_a, duration_rule=rule, duration_years=years)
    tlv = a_ready_request(world)
    start = datetime.date.fromisoformat(start)
    decision = decide(tlv, granted(start_date=start, decided_on=datetime.date(2026, 11, 20)))
    assert decision.end_date == datetime.date.fromisoformat(end)
    assert decision.end_date >= loket_rules.one_year_from(start)


@pytest.mark.parametrize(
    ("start", "end", "accepted"),
    [
        pytest.param("2026-08-01", "2027-07-30", False, id="one-day-short"),
        pytest.param("2026-08-01", "2027-07-31", True, id="exactly-a-year"),
        # loket_rules.one_year_from: a year from 29 February ends on 27 February.
        pytest.param("2028-02-29", "2029-02-26", False, id="29feb-short"),
        pytest.param("2028-02-29", "2029-02-27", True, id="29feb-a-year"),
    ],
)
def test_a_granted_tlv_runs_at_least_one_year(world, start, end, accepted):
    tlv = a_ready_request(world)
    data = granted(
        start_date=datetime.date.fromisoformat(start), end_date=datetime.date.fromisoformat(end)
    )
    if accepted:
        assert decide(tlv, data).end_date == data["end_date"]
    else:
        with pytest.raises(ValidationError, match="ten minste een jaar"):
            decide(tlv, data)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"reasoning": "   "}, "reasoning", id="reasoning-blank"),
        pytest.param({"outcome": "misschien"}, "outcome", id="outcome"),
        pytest.param({"start_date": None}, "start_date", id="no-start"),
        pytest.param({"cluster": None}, "cluster", id="vso-without-cluster"),
        pytest.param({"category": ""}, "category", id="vso-without-category"),
        pytest.param({"receiving_school_name": ""}, "receiving_school", id="no-school"),
        pytest.param({"decided_on": datetime.date(2026, 12, 2)}, "decided_on", id="future"),
    ],
)
def test_a_decision_needs_its_fields(world, changes, field):
    tlv = a_ready_request(world)
    with pytest.raises(ValidationError) as refused:
        decide(tlv, granted(**changes))
    assert field in refused.value.message_dict


def test_the_reasoning_is_required_for_a_refusal_too(world):
    tlv = a_ready_request(world)
    with pytest.raises(ValidationError, match="motivering"):
        decide(tlv, {"outcome": "afgewezen", "reasoning": "", "decided_on": TODAY})


def test_a_refusal_has_no_period_and_becomes_final_six_weeks_after_it_was_sent(world):
    tlv = a_ready_request(world)
    refusal = decide(
        tlv, {"outcome": "afgewezen", "reasoning": "Niet toelaatbaar.", "decided_on": TODAY}
    )
    assert refusal.start_date is None and refusal.retention_from_date is None
    with scope(tenant=world.tenant_a):
        sent = services.decision_mark_sent(decision=refusal, sent_on=TODAY)
    assert sent.retention_from_date == TODAY + datetime.timedelta(weeks=6)
    with scopes_disabled():
        tlv.refresh_from_db()
    assert tlv.retention_from_date == sent.retention_from_date


def test_pro_is_granted_without_cluster_or_category(world):
    tlv = a_ready_request(world, kind=TlvKind.PRO, cluster=None, requested_category="")
    decision = decide(tlv, granted(cluster=4, category="hoog"))
    assert decision.kind == TlvKind.PRO and decision.cluster is None and decision.category == ""


def test_the_receiving_school_is_a_school_of_the_tenant_or_a_name(world):
    tlv = a_ready_request(world)
    decision = decide(tlv, granted(receiving_school=world.school_a2, receiving_school_name="X"))
    assert decision.receiving_school == world.school_a2 and decision.receiving_school_name == ""
    other = a_ready_request(world)
    with pytest.raises(ValidationError, match="school van dit samenwerkingsverband"):
        decide(other, granted(receiving_school=world.school_b1))


# --- Never changed: a correction is a new decision --------------------------------------------


def test_a_correction_keeps_both_decisions_and_replaces_the_old_one(world):
    tlv = a_ready_request(world)
    first = decide(tlv, granted())
    with scope(tenant=world.tenant_a):
        second = services.tlv_decision_correct(
            decision=first, data=granted(category="hoog", decided_on=TODAY)
        )
        first.refresh_from_db()
        assert TlvDecision.objects.filter(request=tlv).count() == 2
    assert second.replaces == first and first.category == "midden" and second.category == "hoog"
    assert second.sent_on is None
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="al vervangen"):
        services.tlv_decision_correct(decision=first, data=granted(decided_on=TODAY))


def test_the_letter_is_marked_sent_once_and_not_before_the_decision(world):
    decision = decide(a_ready_request(world), granted())
    with scope(tenant=world.tenant_a):
        with pytest.raises(ValidationError):
            services.decision_mark_sent(decision=decision, sent_on=datetime.date(2026, 11, 19))
        services.decision_mark_sent(decision=decision, sent_on=TODAY)
        with pytest.raises(ValidationError, match="al als verzonden"):
            services.decision_mark_sent(decision=decision, sent_on=TODAY)


# --- The meeting's agenda ---------------------------------------------------------------------


def a_meeting(world, day=TODAY) -> LoketMeeting:
    with scope(tenant=world.tenant_a):
        return services.meeting_create(tenant=world.tenant_a, data={"held_on": day})


def test_deciding_in_a_meeting_marks_its_agenda_item_besloten(world):
    meeting = a_meeting(world)
    tlv = a_ready_request(world)
    decision = decide(tlv, granted(), meeting=meeting)
    with scopes_disabled():
        item = AgendaItem.objects.get(meeting=meeting, request=tlv)
    assert decision.meeting == meeting and item.outcome == AgendaOutcome.DECIDED
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="al over deze"):
        services.agenda_remove(item=item)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (RequestStatus.CONCEPT, False),
        (RequestStatus.SUBMITTED, True),
        (RequestStatus.IN_REVIEW, True),
        (RequestStatus.SUPPLEMENT, True),
        (RequestStatus.DECIDED, False),
        (RequestStatus.WITHDRAWN, False),
    ],
    ids=lambda v: getattr(v, "value", str(v)),
)
def test_only_a_request_with_the_loket_goes_on_the_agenda(world, status, allowed):
    meeting = a_meeting(world)
    tlv = a_request(world.school_a1, status=status)
    with scope(tenant=world.tenant_a):
        if allowed:
            assert services.agenda_add(meeting=meeting, tlv=tlv).order == 1
            with pytest.raises(ValidationError, match="al op de agenda"):
                services.agenda_add(meeting=meeting, tlv=tlv)
        else:
            with pytest.raises(ValidationError, match="Alleen een aanvraag"):
                services.agenda_add(meeting=meeting, tlv=tlv)


def test_the_agenda_is_ordered_and_items_move(world):
    meeting = a_meeting(world)
    with scope(tenant=world.tenant_a):
        items = [
            services.agenda_add(meeting=meeting, tlv=a_request(world.school_a1)) for _ in range(3)
        ]
        services.agenda_move(item=items[2], up=True)
        services.agenda_move(item=items[0], up=True)  # already first: stays
        order = list(meeting.items.order_by("order").values_list("pk", flat=True))
    assert order == [items[0].pk, items[2].pk, items[1].pk]


@pytest.mark.parametrize(
    ("outcome", "decided", "accepted"),
    [
        ("", False, True),
        (AgendaOutcome.POSTPONED, False, True),
        (AgendaOutcome.SUPPLEMENT, False, True),
        (AgendaOutcome.DECIDED, False, False),
        (AgendaOutcome.POSTPONED, True, False),
        (AgendaOutcome.DECIDED, True, True),
    ],
)
def test_besloten_follows_from_a_decision_only(world, outcome, decided, accepted):
    meeting = a_meeting(world)
    tlv = a_ready_request(world)
    with scope(tenant=world.tenant_a):
        item = services.agenda_add(meeting=meeting, tlv=tlv)
    if decided:
        decide(tlv, granted(), meeting=meeting)
    with scope(tenant=world.tenant_a):
        if accepted:
            services.agenda_item_update(item=item, discussion=" Besproken. ", outcome=outcome)
            item.refresh_from_db()
            assert item.discussion == "Besproken." and item.outcome == outcome
        else:
            with pytest.raises(ValidationError):
                services.agenda_item_update(item=item, discussion="", outcome=outcome)
