"""The Awb's deadlines of an objection and the expiry window, as tables over their boundaries."""

from __future__ import annotations

import datetime

import pytest

from referrals.services import loket_rules as rules
from referrals.services.loket_aftercare import expiry_window_end, is_expiring

SENT = datetime.date(2026, 10, 2)  # a Friday
PERIOD_ENDS = SENT + datetime.timedelta(days=42)  # Awb 6:7 and 6:8: 6 weeks from the day after
DAY = datetime.timedelta(days=1)


def deadlines(**overrides):
    values = {
        "decision_sent_on": SENT,
        "received_on": SENT + datetime.timedelta(days=10),
        "with_committee": False,
        "extended": False,
        "decided_on": None,
        "today": SENT + datetime.timedelta(days=20),
    }
    values.update(overrides)
    return rules.objection_deadlines(**values)


@pytest.mark.parametrize(
    ("with_committee", "extended", "weeks_after_period"),
    [
        pytest.param(False, False, 6, id="without-committee-6-weeks"),
        pytest.param(True, False, 12, id="with-committee-12-weeks"),
        pytest.param(False, True, 12, id="without-committee-extended-12-weeks"),
        pytest.param(True, True, 18, id="with-committee-extended-18-weeks"),
    ],
)
def test_the_decision_on_the_objection_is_due_after_the_objection_period(
    with_committee, extended, weeks_after_period
):
    found = deadlines(with_committee=with_committee, extended=extended)
    assert found.objection_period_ends == PERIOD_ENDS == datetime.date(2026, 11, 13)
    assert found.decision_due == PERIOD_ENDS + datetime.timedelta(weeks=weeks_after_period)


@pytest.mark.parametrize(
    ("days_after_sending", "late"),
    [
        pytest.param(0, False, id="day-0-the-day-it-was-sent"),
        pytest.param(42, False, id="day-42-last-day-on-time"),
        pytest.param(43, True, id="day-43-late"),
        pytest.param(60, True, id="day-60-late"),
    ],
)
def test_an_objection_received_after_six_weeks_is_flagged_late(days_after_sending, late):
    found = deadlines(received_on=SENT + datetime.timedelta(days=days_after_sending))
    assert found.late is late
    assert any("na de bezwaartermijn" in w for w in found.warnings) is late


DUE = PERIOD_ENDS + datetime.timedelta(weeks=6)  # without committee, not extended


@pytest.mark.parametrize(
    ("today", "decided_on", "warning"),
    [
        pytest.param(DUE - 15 * DAY, None, None, id="15-days-before-no-warning"),
        pytest.param(DUE - 14 * DAY, None, "verloopt op", id="14-days-before-due-soon"),
        pytest.param(DUE, None, "verloopt op", id="on-the-due-day-still-due-soon"),
        pytest.param(DUE + DAY, None, "is verstreken", id="day-after-overdue"),
        pytest.param(DUE + 30 * DAY, DUE, None, id="decided-on-the-due-day-no-warning"),
        pytest.param(DUE + 30 * DAY, DUE + DAY, "na de beslistermijn", id="decided-too-late"),
    ],
)
def test_the_decision_term_is_warned_about_at_its_boundaries(today, decided_on, warning):
    found = deadlines(today=today, decided_on=decided_on)
    if warning is None:
        assert found.warnings == []
    else:
        assert len(found.warnings) == 1 and warning in found.warnings[0]


TODAY = datetime.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("end_date", "months", "expiring"),
    [
        pytest.param(TODAY - DAY, 5, False, id="ended-yesterday"),
        pytest.param(TODAY, 5, True, id="ends-today"),
        pytest.param(datetime.date(2026, 8, 10), 5, True, id="last-day-of-5-months"),
        pytest.param(datetime.date(2026, 8, 11), 5, False, id="day-after-5-months"),
        pytest.param(datetime.date(2026, 4, 10), 1, True, id="1-month-boundary"),
        pytest.param(datetime.date(2026, 4, 11), 1, False, id="1-month-plus-a-day"),
    ],
)
def test_a_tlv_is_expiring_within_the_notice_months(end_date, months, expiring):
    assert is_expiring(end_date, today=TODAY, months=months) is expiring


def test_the_notice_window_ends_on_the_last_day_of_a_short_month():
    assert expiry_window_end(datetime.date(2026, 9, 30), 5) == datetime.date(2027, 2, 28)
