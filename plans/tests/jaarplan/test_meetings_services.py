"""The rules of the bijeenkomsten: the school year of a meeting's dates, no held date in the
future, a report only with a held date, a unique series name, conflicts; held against planned
per series and year; the demo seeds once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from plans.jaarplan import meeting_services as services
from plans.jaarplan.calendar_selectors import SeriesState, meetings_year, series_years
from plans.jaarplan.demo_meetings import seed_meetings
from plans.models import Meeting, MeetingSeries

from .builders import a_meeting, a_series

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 12, 1)


@pytest.mark.parametrize(
    ("planned_on", "held_on", "school_year", "expected"),
    [
        (D(2026, 10, 1), None, None, 2026),
        (D(2027, 7, 31), None, None, 2026),  # the last day of 2026-2027
        (D(2026, 8, 1), None, None, 2026),  # its first day
        (D(2026, 7, 31), None, 2026, 2025),  # a date wins over the year the form sent
        (None, D(2026, 11, 5), None, 2026),
        (D(2026, 11, 3), D(2026, 11, 5), None, 2026),  # held two days late, same year
        (None, None, 2027, 2027),  # no date yet: the year as given
    ],
)
def test_a_meeting_belongs_to_the_school_year_of_its_dates(
    planned_on, held_on, school_year, expected
):
    found = services.meeting_school_year(
        planned_on=planned_on, held_on=held_on, school_year=school_year, today=TODAY
    )
    assert found == expected


@pytest.mark.parametrize(
    ("planned_on", "held_on", "school_year", "field", "says"),
    [
        (None, None, None, "school_year", "Vul een datum in, of kies het schooljaar"),
        (None, D(2026, 12, 2), None, "held_on", "ligt in de toekomst (02-12-2026)"),
        (D(2026, 7, 20), D(2026, 8, 20), None, "planned_on", "valt in schooljaar 2025-2026"),
        (D(1999, 12, 31), None, None, "planned_on", "Vul een datum in tussen"),
    ],
)
def test_it_refuses_dates_that_cannot_be_with_a_dutch_message_on_the_field(
    planned_on, held_on, school_year, field, says
):
    with pytest.raises(ValidationError) as refused:
        services.meeting_school_year(
            planned_on=planned_on, held_on=held_on, school_year=school_year, today=TODAY
        )
    assert says in " ".join(refused.value.message_dict[field])


def test_a_held_date_in_the_future_is_the_one_problem_even_in_another_school_year():
    with pytest.raises(ValidationError) as refused:
        services.meeting_school_year(
            planned_on=D(2026, 11, 19), held_on=D(2090, 1, 1), school_year=None, today=TODAY
        )
    assert set(refused.value.message_dict) == {"held_on"}


def test_a_held_date_of_today_is_accepted():
    found = services.meeting_school_year(
        planned_on=None, held_on=TODAY, school_year=None, today=TODAY
    )
    assert found == 2026


def test_creating_a_meeting_derives_its_school_year_and_keeps_what_was_typed(world):
    series = a_series(world.tenant_a)
    with scope(tenant=world.tenant_a):
        meeting = services.meeting_create(
            series=series,
            data={
                "planned_on": D(2027, 3, 11),
                "held_on": None,
                "theme": "  Hoorrecht  ",
                "report": "",
                "school_year": 2025,
            },
            today=TODAY,
        )
    assert (meeting.school_year, meeting.theme, meeting.tenant_id) == (
        2026,
        "Hoorrecht",
        world.tenant_a.pk,
    )


def test_a_report_belongs_to_a_held_meeting(world):
    series = a_series(world.tenant_a)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        services.meeting_create(
            series=series,
            data={"planned_on": D(2027, 3, 11), "report": "Besproken: …"},
            today=TODAY,
        )
    assert (
        "Een verslag hoort bij een gehouden bijeenkomst" in refused.value.message_dict["report"][0]
    )
    with scopes_disabled():
        assert not Meeting.objects.exists()


def test_recording_that_a_meeting_was_held_and_a_second_stale_save_is_refused(world):
    meeting = a_meeting(a_series(world.tenant_a), planned_on=D(2026, 10, 8))
    with scope(tenant=world.tenant_a):
        held = services.meeting_update(
            meeting=meeting,
            data={"held_on": D(2026, 10, 8), "theme": "Start", "report": "Kort verslag."},
            revision=meeting.revision,
            today=TODAY,
        )
        with pytest.raises(services.MeetingConflict) as stale:
            services.meeting_update(
                meeting=meeting, data={"theme": "Ander thema"}, revision=1, today=TODAY
            )
    assert held.is_held and held.revision == 2
    assert stale.value.current.theme == "Start"
    assert "intussen door iemand anders gewijzigd" in stale.value.messages[0]


def test_moving_the_planned_date_moves_the_meeting_to_that_school_year(world):
    meeting = a_meeting(a_series(world.tenant_a), planned_on=D(2026, 10, 8))
    with scope(tenant=world.tenant_a):
        moved = services.meeting_update(
            meeting=meeting, data={"planned_on": D(2027, 9, 2)}, revision=None, today=TODAY
        )
    assert moved.school_year == 2027


def test_a_series_name_is_unique_in_the_tenant_whatever_its_case(world):
    a_series(world.tenant_a, name="Netwerk zorgcoördinatoren")
    a_series(world.tenant_b, name="Netwerk vso")
    with scope(tenant=world.tenant_a):
        with pytest.raises(ValidationError) as refused:
            services.series_create(
                tenant=world.tenant_a,
                data={"name": " netwerk ZORGCOÖRDINATOREN ", "planned_per_year": 2},
            )
        other = services.series_create(
            tenant=world.tenant_a, data={"name": "Netwerk vso", "planned_per_year": 2}
        )
    assert refused.value.message_dict["name"] == ["Er is al een reeks bijeenkomsten met deze naam."]
    assert other.name == "Netwerk vso"  # another tenant's name is free


@pytest.mark.parametrize("per_year", [0, 53])
def test_a_series_meets_between_once_and_once_a_week(world, per_year):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        services.series_create(
            tenant=world.tenant_a, data={"name": "Overleg", "planned_per_year": per_year}
        )
    assert "een getal van 1 tot en met 52" in refused.value.message_dict["planned_per_year"][0]


def test_renaming_a_series_to_its_own_name_is_no_clash_and_a_stale_edit_is_refused(world):
    series = a_series(world.tenant_a, name="Thuiszitteroverleg", planned_per_year=5)
    with scope(tenant=world.tenant_a):
        saved = services.series_update(
            series=series,
            data={"name": "Thuiszitteroverleg", "is_active": False},
            revision=series.revision,
        )
        with pytest.raises(services.MeetingConflict):
            services.series_update(series=series, data={"group": "Loket"}, revision=1)
    assert (saved.is_active, saved.revision) == (False, 2)


def test_deleting_a_series_deletes_its_meetings_and_says_how_many(world):
    series = a_series(world.tenant_a)
    kept = a_series(world.tenant_a, name="Ander overleg")
    for day in (D(2026, 10, 1), D(2027, 3, 1)):
        a_meeting(series, planned_on=day)
    a_meeting(kept)
    with scope(tenant=world.tenant_a):
        assert services.series_delete(series=series) == 2
    with scopes_disabled():
        assert list(Meeting.objects.values_list("series_id", flat=True)) == [kept.pk]
        assert not MeetingSeries.objects.filter(pk=series.pk).exists()


# --- Held against planned -----------------------------------------------------------------------


def _year(tenant, series, year=2026):
    with scope(tenant=tenant):
        rows = meetings_year(tenant=tenant, school_year=year, active_only=False)
    return next(r for r in rows if r.series.pk == series.pk)


def test_held_against_planned_counts_the_meetings_of_that_year_only(world):
    series = a_series(world.tenant_a, planned_per_year=4)
    a_meeting(series, planned_on=D(2026, 9, 17), held_on=D(2026, 9, 17))
    a_meeting(series, planned_on=D(2026, 11, 19))
    a_meeting(series, planned_on=D(2027, 2, 18))
    a_meeting(series, school_year=2025, planned_on=D(2026, 5, 28), held_on=D(2026, 5, 28))
    row = _year(world.tenant_a, series)
    assert (row.held, row.planned, row.to_schedule, row.percent_held) == (1, 4, 1, 25)
    assert [m.planned_on for m in row.missed(TODAY)] == [D(2026, 11, 19)]
    assert row.state(TODAY) == SeriesState.BEHIND


@pytest.mark.parametrize(
    ("meetings", "today", "state"),
    [
        ([(D(2026, 10, 1), D(2026, 10, 1)), (D(2027, 3, 1), D(2027, 3, 1))], TODAY, "afgerond"),
        ([(D(2026, 10, 1), D(2026, 10, 1)), (D(2027, 3, 1), None)], TODAY, "op schema"),
        ([(D(2026, 10, 1), None), (D(2027, 3, 1), None)], TODAY, "achter"),
        ([(D(2026, 10, 1), D(2026, 10, 1))], D(2027, 8, 2), "achter"),  # year over, 1 of 2
        ([(D(2026, 10, 1), None)], D(2026, 6, 1), "gepland"),  # the year has not begun
        ([], TODAY, "op schema"),
    ],
)
def test_where_a_series_stands(world, meetings, today, state):
    series = a_series(world.tenant_a, planned_per_year=2)
    for planned_on, held_on in meetings:
        a_meeting(series, planned_on=planned_on, held_on=held_on)
    assert _year(world.tenant_a, series).state(today) == state


def test_more_meetings_than_planned_raise_the_planned_count(world):
    series = a_series(world.tenant_a, planned_per_year=1)
    for day in (D(2026, 9, 1), D(2026, 10, 1)):
        a_meeting(series, planned_on=day, held_on=day)
    row = _year(world.tenant_a, series)
    assert (row.held, row.planned, row.state(TODAY)) == (2, 2, "afgerond")


def test_a_series_over_its_years_newest_first_with_the_year_asked_for(world):
    series = a_series(world.tenant_a)
    a_meeting(series, school_year=2025, planned_on=D(2025, 10, 1), held_on=D(2025, 10, 1))
    a_meeting(series, planned_on=D(2026, 10, 1))
    with scope(tenant=world.tenant_a):
        years = series_years(series=series, around=2028)
    assert [(y.school_year.start, y.held, y.planned) for y in years] == [
        (2028, 0, 2),
        (2026, 0, 2),
        (2025, 1, 2),
    ]


def test_inactive_series_leave_the_year_view_unless_asked(world):
    a_series(world.tenant_a, name="Actief")
    a_series(world.tenant_a, name="Gestopt", is_active=False)
    with scope(tenant=world.tenant_a):
        shown = [r.series.name for r in meetings_year(tenant=world.tenant_a, school_year=2026)]
        every = meetings_year(tenant=world.tenant_a, school_year=2026, active_only=False)
    assert shown == ["Actief"] and len(every) == 2


# --- The demo ------------------------------------------------------------------------------------


def _rows(tenant):
    with scopes_disabled():
        return (
            list(MeetingSeries.objects.filter(tenant=tenant).order_by("pk").values()),
            list(Meeting.objects.filter(tenant=tenant).order_by("pk").values()),
        )


def test_the_demo_seeds_every_series_once(world):
    with scope(tenant=world.tenant_a):
        seed_meetings(world.tenant_a)
    first = _rows(world.tenant_a)
    with scope(tenant=world.tenant_a):
        seed_meetings(world.tenant_a)
    assert _rows(world.tenant_a) == first
    series, meetings = first
    assert len(series) == 8
    assert {s["indicator"] for s in series} == {"", "netwerk", "berseba"}
    last_year = [m for m in meetings if m["school_year"] == 2025]
    this_year = [m for m in meetings if m["school_year"] == 2026]
    assert all(m["held_on"] for m in last_year)
    assert all(m["held_on"] < D(2026, 12, 1) for m in this_year if m["held_on"])
    assert any(m["held_on"] for m in this_year) and any(not m["held_on"] for m in this_year)
    assert all(m["theme"] and m["report"] for m in this_year if m["held_on"])
