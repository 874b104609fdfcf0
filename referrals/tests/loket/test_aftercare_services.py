"""Objections and their stages, the one extension, the expiry e-mail, the extension request and
the toekomstgericht gesprek, through the services."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from referrals.models import (
    ExpiryNotice,
    ObjectionOutcome,
    ObjectionStage,
    RequestStatus,
    TlvKind,
)
from referrals.selectors import loket_aftercare as selectors
from referrals.services import loket_aftercare as services
from swvportal.accounts.models import Role
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory

from .builders import D0, a_decision, a_request

DAY = datetime.timedelta(days=1)
DECIDED = D0 + 30 * DAY  # the builders' decision: decided 1 October, sent 2 October 2026
SENT = D0 + 31 * DAY
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def decision(world):
    return a_decision(a_request(world.school_a1))


def create(decision, **data):
    values = {"received_on": SENT + 10 * DAY, "with_committee": True, "note": ""}
    values.update(data)
    with scope(tenant=decision.tenant):
        return services.objection_create(decision=decision, data=values, today=TODAY)


# --- Objections ---------------------------------------------------------------------------------


def test_an_objection_counts_from_the_decision_date_when_the_sending_is_unknown(world):
    decision = a_decision(a_request(world.school_a1), sent_on=None)
    objection = create(decision, received_on=DECIDED + 43 * DAY)
    with scope(tenant=world.tenant_a):
        row = selectors.objection_row(objection, today=TODAY)
    assert row.sent_on_unknown
    assert row.deadlines.objection_period_ends == DECIDED + 42 * DAY
    assert row.deadlines.late


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"received_on": DECIDED - DAY}, "received_on", id="before-the-decision"),
        pytest.param({"received_on": TODAY + DAY}, "received_on", id="in-the-future"),
        pytest.param(
            {"stage": ObjectionStage.ADVICE_ASKED}, "advice_asked_on", id="advice-no-date"
        ),
        pytest.param(
            {
                "stage": ObjectionStage.ADVICE_ASKED,
                "with_committee": False,
                "advice_asked_on": TODAY,
            },
            "stage",
            id="advice-without-committee",
        ),
        pytest.param({"stage": ObjectionStage.HEARING}, "hearing_on", id="hearing-no-date"),
        pytest.param(
            {"stage": ObjectionStage.DECIDED, "decided_on": TODAY},
            "outcome",
            id="decided-no-outcome",
        ),
        pytest.param(
            {"stage": ObjectionStage.DECIDED, "outcome": ObjectionOutcome.UNFOUNDED},
            "decided_on",
            id="decided-no-date",
        ),
        pytest.param(
            {"outcome": ObjectionOutcome.UNFOUNDED, "decided_on": TODAY},
            "stage",
            id="outcome-in-an-earlier-stage",
        ),
        pytest.param(
            {"stage": ObjectionStage.HEARING, "hearing_on": SENT},
            "hearing_on",
            id="hearing-before-receipt",
        ),
    ],
)
def test_each_stage_needs_its_date_and_dates_follow_the_receipt(decision, data, field):
    with pytest.raises(ValidationError) as refused:
        create(decision, **data)
    assert field in refused.value.message_dict


def test_the_stages_move_on_to_the_decision_on_the_objection(decision):
    objection = create(decision)
    steps = [
        {"stage": ObjectionStage.ADVICE_ASKED, "advice_asked_on": SENT + 12 * DAY},
        {"stage": ObjectionStage.HEARING, "hearing_on": SENT + 30 * DAY},
        {
            "stage": ObjectionStage.DECIDED,
            "outcome": ObjectionOutcome.UNFOUNDED,
            "decided_on": SENT + 40 * DAY,
        },
    ]
    with scope(tenant=decision.tenant):
        for step in steps:
            objection = services.objection_update(objection=objection, data=step, today=TODAY)
        with pytest.raises(ValidationError, match="al beslist"):
            services.objection_update(
                objection=objection, data={"stage": ObjectionStage.HEARING}, today=TODAY
            )
    assert objection.outcome == ObjectionOutcome.UNFOUNDED
    assert objection.advice_asked_on and objection.hearing_on


def test_an_objection_against_a_replaced_decision_is_refused(world, decision):
    a_decision(decision.request, replaces=decision)
    with pytest.raises(ValidationError, match="vervangen"):
        create(decision)


def test_the_term_is_extended_once_and_a_second_extension_cites_the_awb(decision):
    objection = create(decision)
    on = SENT + 20 * DAY
    with scope(tenant=decision.tenant):
        before = selectors.objection_row(objection, today=on).deadlines.decision_due
        extended = services.objection_extend(objection=objection, on=on)
        after = selectors.objection_row(extended, today=on).deadlines.decision_due
        with pytest.raises(ValidationError) as refused:
            services.objection_extend(objection=extended, on=on + DAY)
    assert extended.extended_on == on
    assert after - before == datetime.timedelta(weeks=6)
    assert "7:10 lid 3" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("decided", "days_after_due", "message"),
    [
        pytest.param(False, 1, "verstreken", id="after-the-term"),
        pytest.param(True, -10, "al beslist", id="after-the-decision-on-it"),
    ],
)
def test_an_extension_is_refused_after_the_term_or_the_decision(
    decision, decided, days_after_due, message
):
    extra = (
        {"stage": ObjectionStage.DECIDED, "outcome": ObjectionOutcome.WELL_FOUNDED}
        | {"decided_on": SENT + 30 * DAY}
        if decided
        else {}
    )
    objection = create(decision, **extra)
    with scope(tenant=decision.tenant):
        due = selectors.objection_row(objection).deadlines.decision_due
        with pytest.raises(ValidationError, match=message):
            services.objection_extend(objection=objection, on=due + days_after_due * DAY)


# --- Expiry: the e-mail and the extension request -----------------------------------------------


def _reference() -> str:
    return f"TLV-2026-{next(_REFERENCES):04d}"


_REFERENCES = itertools.count(100)


def granted(world, *, end: datetime.date, school=None, **fields):
    school = school or world.school_a1
    start = datetime.date(end.year - 1, 8, 1)
    return a_decision(
        a_request(school, requested_start=start, reference=fields.pop("reference", _reference())),
        end_date=end,
        start_date=start,
        **fields,
    )


NOTICE_TODAY = datetime.date(2027, 3, 1)  # 5 months: until 1 August 2027


def send(world, today=NOTICE_TODAY):
    with scope(tenant=world.tenant_a):
        return services.expiry_notices_send(tenant=world.tenant_a, today=today)


@pytest.mark.parametrize(
    ("end", "mailed"),
    [
        pytest.param(datetime.date(2027, 2, 28), False, id="ended-already"),
        pytest.param(datetime.date(2027, 7, 31), True, id="within-5-months"),
        pytest.param(datetime.date(2027, 8, 1), True, id="last-day-of-the-window"),
        pytest.param(datetime.date(2027, 8, 2), False, id="after-the-window"),
    ],
)
def test_the_expiry_mail_goes_out_at_the_boundary_of_the_notice_period(world, end, mailed):
    granted(world, end=end)
    assert send(world).sent == int(mailed)
    assert len(mail.outbox) == int(mailed)


def test_one_mail_per_tlv_per_period_across_two_runs(world):
    decision = granted(world, end=datetime.date(2027, 7, 31))
    first, second = send(world), send(world, today=NOTICE_TODAY + DAY)
    assert (first.sent, second.sent, second.skipped) == (1, 0, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.bcc == ["zorgcoordinator@alfa.example"]
    assert decision.request.reference in message.subject and "31-07-2027" in message.body
    assert "Alfa College" in message.body and "/VOA001/loket/aflopend/" in message.body
    assert decision.pupil.pupil_number not in message.body + message.subject
    with scopes_disabled():
        assert ExpiryNotice.objects.get().recipients == 1


def test_a_new_end_date_is_a_new_period_and_gets_its_own_mail(world):
    old = granted(world, end=datetime.date(2027, 7, 31))
    send(world)
    granted(world, end=datetime.date(2027, 7, 30), replaces=old, reference="TLV-2026-0002")
    assert send(world).sent == 1
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("kind", ["refused", "replaced"], ids=["refused", "replaced"])
def test_no_mail_for_a_refused_or_replaced_decision(world, kind):
    if kind == "refused":
        a_decision(a_request(world.school_a1), granted=False)
    else:
        old = granted(world, end=datetime.date(2027, 7, 31))
        granted(world, end=datetime.date(2028, 7, 31), replaces=old)
    assert send(world).sent == 0
    assert mail.outbox == []


def test_the_mail_goes_to_the_zorgcoordinatoren_of_that_school_only(world):
    with scopes_disabled():
        MembershipFactory(
            tenant=world.tenant_a,
            role=Role.ZORGCOORDINATOR,
            user=UserFactory(email="zorg-a2@alfa.example"),
            schools=[world.school_a2],
        )
    granted(world, end=datetime.date(2027, 7, 31), school=world.school_a2)
    send(world)
    assert [m.bcc for m in mail.outbox] == [["zorg-a2@alfa.example"]]


def test_the_extension_request_is_prefilled_from_the_expiring_tlv(world):
    decision = granted(
        world, end=datetime.date(2027, 7, 31), category="midden", receiving_school_name="Vso Oost"
    )
    with scope(tenant=world.tenant_a):
        tlv = services.tlv_request_start_extension(decision=decision, by=world.user("loket"))
        with pytest.raises(ValidationError, match="al een verlenging"):
            services.tlv_request_start_extension(decision=decision)
    assert tlv.extends == decision and tlv.is_extension
    assert (tlv.pupil, tlv.school, tlv.kind, tlv.cluster) == (
        decision.pupil,
        decision.school,
        TlvKind.VSO,
        4,
    )
    assert tlv.requested_category == "midden"
    assert tlv.receiving_school_name == "Vso Oost"
    assert tlv.requested_start == datetime.date(2027, 8, 1)
    assert tlv.status == RequestStatus.CONCEPT


@pytest.mark.parametrize("kind", ["refused", "replaced"], ids=["refused", "replaced"])
def test_no_extension_of_a_refused_or_replaced_decision(world, kind):
    decision = a_decision(a_request(world.school_a1), granted=kind != "refused")
    if kind == "replaced":
        a_decision(decision.request, replaces=decision)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError):
        services.tlv_request_start_extension(decision=decision)


# --- Referrals and the toekomstgericht gesprek --------------------------------------------------


def test_the_conversation_list_drops_an_event_once_held(world):
    cluster_4 = a_decision(a_request(world.school_a1))
    a_decision(a_request(world.school_a1, cluster=3))  # cluster 3: no conversation
    loket = world.members[Role.LOKET]
    with scope(tenant=world.tenant_a):
        referral = services.external_referral_create(
            school=world.school_a2,
            data={
                "pupil_number": "X-1",
                "birth_year": 2012,
                "referred_on": datetime.date(2026, 11, 2),
                "destination": "Vso Elders",
            },
        )
        listed = {(e.kind, e.pk) for e in selectors.conversation_events(membership=loket)}
        assert listed == {("tlv", cluster_4.pk), ("extern", referral.pk)}
        services.future_conversation_save(
            decision=cluster_4, data={"planned_on": datetime.date(2026, 11, 10)}
        )
        planned = selectors.conversation_events(membership=loket)
        services.future_conversation_save(
            decision=cluster_4, data={"held_on": datetime.date(2026, 11, 10), "note": "Goed"}
        )
        after = {(e.kind, e.pk) for e in selectors.conversation_events(membership=loket)}
    assert [e.planned_on for e in planned] == [None, datetime.date(2026, 11, 10)]
    assert after == {("extern", referral.pk)}


@pytest.mark.parametrize(
    ("fields", "listed"),
    [
        pytest.param({}, True, id="a-referral"),
        pytest.param({"imported": True}, False, id="imported"),
        pytest.param(
            {"outcome": "afgewezen", "start_date": None, "end_date": None}, False, id="refused"
        ),
    ],
)
def test_which_cluster_4_decisions_ask_for_a_conversation(world, fields, listed):
    decision = a_decision(a_request(world.school_a1), **fields)
    with scope(tenant=world.tenant_a):
        events = selectors.conversation_events(membership=world.members[Role.LOKET])
    assert ([e.pk for e in events] == [decision.pk]) is listed


def test_an_extension_asks_for_no_conversation(world):
    first = a_decision(a_request(world.school_a1))
    a_decision(a_request(world.school_a1, extends=first))
    with scope(tenant=world.tenant_a):
        events = selectors.conversation_events(membership=world.members[Role.LOKET])
    assert [e.pk for e in events] == [first.pk]


def test_a_held_date_in_the_future_is_refused(world, decision):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        services.future_conversation_save(
            decision=decision, data={"held_on": datetime.date(2099, 1, 1)}
        )
    assert "held_on" in refused.value.message_dict
